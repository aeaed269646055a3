package org.leaktrace.attribution;

import java.io.Serializable;
import org.leaktrace.schema.Organization;

/** An organization's name and category, as used to name a source. */
record DirectoryEntry(String orgId, String name, String category) implements Serializable {

    static DirectoryEntry of(Organization org) {
        return new DirectoryEntry(org.getOrgId(), org.getName(), org.getCategory());
    }
}
