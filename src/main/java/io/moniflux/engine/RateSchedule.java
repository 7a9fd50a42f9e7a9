package io.moniflux.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * When each event of a stream is due. The rate is piecewise linear in time — a constant rate, a
 * k6-style profile of ramps and steps, or either changed live — and the number of events due by time
 * t is its integral N(t). Event e is due at the instant N reaches e, so a constant rate r puts batch
 * k of size b at {@code k*b/r}, whatever happened to earlier requests (open loop). Immutable: a live
 * change makes a new schedule that agrees with the old one up to the change.
 */
final class RateSchedule {

    private static final double NANOS = 1e9;
    private static final double EPSILON = 1e-9;

    /** Segment i covers [start, end) nanoseconds, its rate going linearly from {@code from} to {@code to}. */
    private record Segment(long start, long end, double from, double to, double eventsBefore) {

        double rateAt(long t) {
            if (end == Long.MAX_VALUE || to == from) {
                return from;
            }
            return from + (to - from) * (t - start) / (double) (end - start);
        }

        double eventsBy(long t) {
            double x = (t - start) / NANOS;
            return eventsBefore + x * (from + rateAt(t)) / 2;
        }

        /** Seconds after {@code start} at which the events due reach {@code target}; NaN when never in this segment. */
        double secondsTo(double target) {
            double needed = target - eventsBefore;
            if (needed <= 0) {
                return 0;
            }
            if (end == Long.MAX_VALUE || to == from) {
                return from <= 0 ? Double.NaN : needed / from;
            }
            double length = (end - start) / NANOS;
            double k = (to - from) / (2 * length);
            double discriminant = from * from + 4 * k * needed;
            if (discriminant < 0) {
                return Double.NaN;
            }
            double denominator = from + Math.sqrt(discriminant);
            return denominator <= 0 ? Double.NaN : 2 * needed / denominator;
        }
    }

    private final List<Segment> segments;

    private RateSchedule(List<Segment> segments) {
        this.segments = List.copyOf(segments);
    }

    /** A constant rate from time 0. */
    static RateSchedule constant(double rate) {
        return of(rate, List.of());
    }

    /** Starts at {@code initialRate}, then follows the stages; the last stage's rate holds after them. */
    static RateSchedule of(double initialRate, List<Stage> stages) {
        List<Segment> segments = new ArrayList<>();
        long start = 0;
        double rate = initialRate;
        double events = 0;
        for (Stage stage : stages) {
            long end = start + Math.round(stage.duration() * NANOS);
            if (end > start) {
                Segment segment = new Segment(start, end, rate, stage.rate(), events);
                events = segment.eventsBy(end);
                segments.add(segment);
            }
            start = end;
            rate = stage.rate();
        }
        segments.add(new Segment(start, Long.MAX_VALUE, rate, rate, events));
        return new RateSchedule(segments);
    }

    /** This schedule up to {@code t}, then {@code rate} from {@code t} on. */
    RateSchedule withRateFrom(long t, double rate) {
        List<Segment> kept = new ArrayList<>();
        for (Segment segment : segments) {
            if (segment.start() >= t) {
                break;
            }
            if (segment.end() > t) {
                if (segment.end() != Long.MAX_VALUE) {
                    kept.add(new Segment(segment.start(), t, segment.from(), segment.rateAt(t), segment.eventsBefore()));
                } else if (segment.start() < t) {
                    kept.add(new Segment(segment.start(), t, segment.from(), segment.from(), segment.eventsBefore()));
                }
                break;
            }
            kept.add(segment);
        }
        double eventsAtT = eventsBy(t);
        kept.add(new Segment(t, Long.MAX_VALUE, rate, rate, eventsAtT));
        return new RateSchedule(kept);
    }

    /** The rate, in events per second, at {@code t} nanoseconds. */
    double rateAt(long t) {
        return segmentAt(t).rateAt(t);
    }

    /** N(t): events due by {@code t} nanoseconds, a real number. */
    double eventsBy(long t) {
        if (t <= 0) {
            return 0;
        }
        return segmentAt(t).eventsBy(t);
    }

    /** How many events are due strictly before {@code t}: events 0 .. n-1. */
    long eventsDueBefore(long t) {
        if (t <= 0) {
            return 0;
        }
        return (long) Math.ceil(eventsBy(t) - EPSILON);
    }

    /** When event {@code e} is due, in nanoseconds; {@link Long#MAX_VALUE} when never. */
    long dueTime(long e) {
        if (e <= 0) {
            return 0;
        }
        for (Segment segment : segments) {
            double endEvents = segment.end() == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : segment.eventsBy(segment.end());
            if (e <= endEvents + EPSILON || segment.end() == Long.MAX_VALUE) {
                double seconds = segment.secondsTo(e);
                if (Double.isNaN(seconds)) {
                    if (segment.end() == Long.MAX_VALUE) {
                        return Long.MAX_VALUE;
                    }
                    continue;
                }
                double nanos = segment.start() + seconds * NANOS;
                return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.min(Math.round(nanos), segment.end());
            }
        }
        return Long.MAX_VALUE;
    }

    private Segment segmentAt(long t) {
        Segment found = segments.getFirst();
        for (Segment segment : segments) {
            if (segment.start() <= t) {
                found = segment;
            }
        }
        return found;
    }
}
