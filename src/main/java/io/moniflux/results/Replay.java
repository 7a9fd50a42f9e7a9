package io.moniflux.results;

import java.util.Locale;

/**
 * Events of a run part that may have been sent twice: a replica took the part over from an owner that
 * stopped without handing it over (it died, or was cut off from the database), and resumed from the
 * owner's last checkpoint. What the owner sent after that checkpoint is sent again. The window is an
 * upper bound: a replica stops sending once it could not renew its lease for the renew deadline, so it
 * cannot have sent events due later than its last checkpoint plus that deadline.
 *
 * @param part          the run part
 * @param signal        {@code logs}, {@code metrics} or {@code traces}
 * @param previousOwner the replica that owned the part before
 * @param fromSecond    the run's second the window starts at (the last checkpoint)
 * @param toSecond      the run's second it ends at, at the latest
 * @param fromSeq       the first {@code seq} that may have been sent twice
 * @param toSeq         the last one; the part's {@code seq}s step by the run's number of parts
 * @param events        how many events the window holds, at most
 */
public record Replay(int part, String signal, String previousOwner, double fromSecond, double toSecond, long fromSeq,
        long toSeq, long events) {

    /** What a person reads about it. */
    public String describe() {
        return String.format(Locale.ROOT, "part %d was taken over from %s at %.2f s: up to %d %s (seq %d to %d, due by %.2f s) may have "
                + "been sent twice", part, previousOwner, fromSecond, events, signal, fromSeq, toSeq, toSecond);
    }
}
