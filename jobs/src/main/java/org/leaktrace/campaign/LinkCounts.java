package org.leaktrace.campaign;

/**
 * For one campaign, how many distinct victims it shares with each other campaign. A Flink POJO
 * (state value); parallel arrays.
 */
public class LinkCounts {
    public String[] partners = new String[0];
    public int[] counts = new int[0];

    public LinkCounts() {}

    int get(String partner) {
        int i = indexOf(partner);
        return i < 0 ? 0 : counts[i];
    }

    /** Adds {@code delta} shared victims with {@code partner}; returns the new count. */
    int add(String partner, int delta) {
        int i = indexOf(partner);
        if (i < 0) {
            partners = java.util.Arrays.copyOf(partners, partners.length + 1);
            counts = java.util.Arrays.copyOf(counts, counts.length + 1);
            i = partners.length - 1;
            partners[i] = partner;
        }
        counts[i] += delta;
        return counts[i];
    }

    /** Removes {@code partner}; returns its count (0 if absent). */
    int remove(String partner) {
        int i = indexOf(partner);
        if (i < 0) {
            return 0;
        }
        int count = counts[i];
        String[] p = new String[partners.length - 1];
        int[] c = new int[counts.length - 1];
        for (int j = 0, k = 0; j < partners.length; j++) {
            if (j != i) {
                p[k] = partners[j];
                c[k++] = counts[j];
            }
        }
        partners = p;
        counts = c;
        return count;
    }

    boolean isEmpty() {
        return partners.length == 0;
    }

    private int indexOf(String partner) {
        for (int i = 0; i < partners.length; i++) {
            if (partners[i].equals(partner)) {
                return i;
            }
        }
        return -1;
    }
}
