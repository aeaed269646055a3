package org.leaktrace.sim;

/** The contract's complaint categories. */
public enum ComplaintCategory { FRAUD, SPAM_MARKETING, HARASSMENT, OTHER }
