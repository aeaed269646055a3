package org.leaktrace.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {
    private static final Set<String> FLAGS = Set.of("cdr", "seed");

    @Test
    void parsesSpaceAndEqualsForms() {
        Args args = Args.parse("demo", new String[] {"--cdr", "a.csv", "--seed=7"}, FLAGS);
        assertEquals("a.csv", args.require("cdr"));
        assertEquals(7, args.getInt("seed", 1));
    }

    @Test
    void unknownFlagIsAnErrorNamingIt() {
        Args.UsageException e = assertThrows(Args.UsageException.class,
                () -> Args.parse("demo", new String[] {"--cdrs", "a.csv"}, FLAGS));
        assertTrue(e.getMessage().contains("--cdrs"), e.getMessage());
    }

    @Test
    void missingValueAndBadNumberAreErrors() {
        assertThrows(Args.UsageException.class, () -> Args.parse("demo", new String[] {"--cdr"}, FLAGS));
        Args args = Args.parse("demo", new String[] {"--seed", "x"}, FLAGS);
        assertThrows(Args.UsageException.class, () -> args.getInt("seed", 1));
    }

    @Test
    void helpIsRecognised() {
        assertTrue(Args.parse("demo", new String[] {"--help"}, FLAGS).help());
    }

    @Test
    void launcherRejectsUnknownCommandWithUsageCode() {
        assertEquals(2, Launcher.run(new String[] {"frobnicate"}));
        assertEquals(0, Launcher.run(new String[] {"--help"}));
    }
}
