package dev.weft.trace;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MetadataDefinition;
import jdk.jfr.Name;
import jdk.jfr.SettingControl;
import jdk.jfr.Timespan;

/**
 * The {@code waitThreshold} setting of {@link GoroutineBlocked}: the shortest wait recorded, as
 * a JFR timespan ({@code "20 ms"}, {@code "500 us"}, {@code "infinity"}). Several recordings
 * combine to the shortest of their values, as JFR's own thresholds do. The flight recorder
 * creates and sets it; an application names it in a settings file or a recording:
 *
 * <pre>{@code
 * recording.enable("dev.weft.GoroutineBlocked").with("waitThreshold", "5 ms");
 * }</pre>
 */
@MetadataDefinition
@Name("dev.weft.settings.WaitThreshold")
@Label("Wait Threshold")
@Description("The shortest wait recorded")
@Timespan
public final class WaitThreshold extends SettingControl {
    /** The default value: waits of 20 ms and more are recorded. */
    static final String DEFAULT = "20 ms";

    private static final Pattern TIMESPAN = Pattern.compile("\\s*(\\d+)\\s*(ns|us|ms|s|m|h|d)\\s*");

    private String value = DEFAULT;

    /** Made by the flight recorder, once per event type. */
    public WaitThreshold() {}

    /** The shortest of {@code values} (the default if none is a timespan). */
    @Override
    public String combine(Set<String> values) {
        String shortest = null;
        long least = Long.MAX_VALUE;
        for (String v : values) {
            long n = parse(v);
            if (n >= 0 && (shortest == null || n < least)) {
                shortest = v;
                least = n;
            }
        }
        return shortest != null ? shortest : DEFAULT;
    }

    @Override
    public void setValue(String value) {
        long n = parse(value);
        if (n >= 0) {
            this.value = value;
            WaitClock.setThreshold(n);
        }
    }

    @Override
    public String getValue() {
        return value;
    }

    /**
     * {@code value} in nanoseconds, saturated at {@link Long#MAX_VALUE} ({@code "infinity"}
     * too), or -1 if it is not a timespan.
     */
    static long parse(String value) {
        if (value == null) {
            return -1;
        }
        if (value.strip().equals("infinity")) {
            return Long.MAX_VALUE;
        }
        Matcher m = TIMESPAN.matcher(value);
        if (!m.matches()) {
            return -1;
        }
        long unit = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
