package io.moniflux.telemetry;

/**
 * The shape of generated traces.
 *
 * @param depth      levels of the span tree below the root (0 for the built-in shapes of a small shop's services)
 * @param breadth    children of each span above the leaves (with depth)
 * @param errorRatio the share of spans that fail: status ERROR with a message and an exception event
 * @param spanEvents events per span, on average (0.5: every other span has one)
 * @param linkRatio  the share of root spans that link to a span of an earlier trace
 */
public record TraceShape(int depth, int breadth, double errorRatio, double spanEvents, double linkRatio) {

    public static final double DEFAULT_ERROR_RATIO = 0.01;
    public static final TraceShape DEFAULT = new TraceShape(0, 0, DEFAULT_ERROR_RATIO, 0, 0);

    /** Whether the tree is built from depth and breadth rather than the built-in shapes. */
    boolean generated() {
        return depth > 0 && breadth > 0;
    }
}
