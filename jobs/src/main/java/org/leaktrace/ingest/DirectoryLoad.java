package org.leaktrace.ingest;

import org.leaktrace.schema.DeadLetter;
import org.leaktrace.schema.Organization;

import java.util.List;

/** The organization directory as read in the client, and the rows that could not be read. */
public record DirectoryLoad(List<Organization> organizations, List<DeadLetter> deadLetters) {

    public DirectoryLoad {
        organizations = List.copyOf(organizations);
        deadLetters = List.copyOf(deadLetters);
    }
}
