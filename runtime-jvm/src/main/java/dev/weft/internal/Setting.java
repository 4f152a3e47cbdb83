package dev.weft.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads one setting from a system property, else an environment variable, and validates it.
 * Public only so that Weft's packages can share it; not part of Weft's API.
 *
 * <p>A value that is present but bad (not a number, out of range, not {@code true}/{@code
 * false}) is an {@link IllegalArgumentException} naming the setting, where it came from and the
 * value, never a silent fallback to the default.
 */
public final class Setting {
    private Setting() {}

    private static String lookup(String property, String envVar, Properties properties, Map<String, String> env,
                                 String[] source) {
        String v = properties.getProperty(property);
        if (v != null) {
            source[0] = "system property " + property;
            return v;
        }
        v = env.get(envVar);
        if (v != null) {
            source[0] = "environment variable " + envVar;
        }
        return v;
    }

    /**
     * The positive integer that {@code property}, else {@code envVar}, holds, at most {@code max};
     * {@code dflt} if neither is set.
     */
    public static int positiveInt(String property, String envVar, Properties properties,
                                  Map<String, String> env, int dflt, int max) {
        String[] source = new String[1];
        String v = lookup(property, envVar, properties, env, source);
        if (v == null) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source[0] + " must be a positive integer, but is '" + v + "'");
        }
        if (n <= 0) {
            throw new IllegalArgumentException(source[0] + " must be a positive integer, but is " + n);
        }
        if (n > max) {
            throw new IllegalArgumentException(source[0] + " must be at most " + max + ", but is " + n);
        }
        return n;
    }

    /** The boolean that {@code property}, else {@code envVar}, holds; {@code dflt} if neither is set. */
    public static boolean bool(String property, String envVar, Properties properties,
                                Map<String, String> env, boolean dflt) {
        String[] source = new String[1];
        String v = lookup(property, envVar, properties, env, source);
        if (v == null) {
            return dflt;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "on", "yes" -> true;
            case "false", "0", "off", "no" -> false;
            default -> throw new IllegalArgumentException(
                    source[0] + " must be true or false, but is '" + v + "'");
        };
    }
}
