package org.leaktrace.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Deployment files of the repository, found from the module directory tests run in. */
final class RepoFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RepoFiles() {}

    /** The repository root: the nearest ancestor of the working directory holding {@code docker/}. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("docker")) && Files.isDirectory(dir.resolve("jobs"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    /** The single YAML document of a file. */
    static JsonNode yaml(String relative) throws IOException {
        return YAML.readTree(path(relative).toFile());
    }

    /** Every document of a multi-document YAML file ({@code ---} separated), in order. */
    static List<JsonNode> yamlDocuments(String relative) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(path(relative).toFile())) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }
}
