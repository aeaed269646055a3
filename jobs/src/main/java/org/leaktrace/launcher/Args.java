package org.leaktrace.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Command-line flags of one launcher command: {@code --name value} pairs and {@code --help}.
 *
 * <p>Every command declares the flags it knows, so a misspelt flag is an error that names it
 * rather than a silently ignored option.
 */
public final class Args {
    private final String command;
    private final Map<String, String> values;
    private final boolean help;

    private Args(String command, Map<String, String> values, boolean help) {
        this.command = command;
        this.values = values;
        this.help = help;
    }

    /** Parses {@code args} against the flags the command accepts (names without dashes). */
    public static Args parse(String command, String[] args, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                help = true;
                continue;
            }
            if (!a.startsWith("--")) {
                throw new UsageException(command + ": unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!known.contains(name)) {
                throw new UsageException(command + ": unknown option --" + name);
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException(command + ": option --" + name + " needs a value");
                }
                value = args[++i];
            }
            values.put(name, value);
        }
        return new Args(command, values, help);
    }

    public boolean help() {
        return help;
    }

    /** The flags given, by name without dashes, in command-line order. */
    public Map<String, String> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException(command + ": --" + name + " is required");
        }
        return v;
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int getInt(String name, int fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a whole number, got '" + v + "'");
        }
    }

    public long getLong(String name, long fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a whole number, got '" + v + "'");
        }
    }

    /** A usage error: printed with the command's help, exit code 2. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
