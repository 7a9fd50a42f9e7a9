package io.moniflux.engine;

import java.lang.management.ManagementFactory;

import com.sun.management.OperatingSystemMXBean;

/**
 * The CPU this replica's process used over the last second, in cores, so that a run's timeline shows
 * whether MoniFlux itself ran out of machine. Sampled once a second by the engine's ticker.
 */
final class ProcessCpu {

    private final OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    private long lastCpuNanos = -1;
    private long lastSampleNanos;
    private volatile Double cores;

    /** Takes a sample: the cores used since the previous one. */
    synchronized void sample() {
        long cpu = os == null ? -1 : os.getProcessCpuTime();
        long now = System.nanoTime();
        if (cpu >= 0 && lastCpuNanos >= 0 && now > lastSampleNanos) {
            cores = Math.round((double) (cpu - lastCpuNanos) / (now - lastSampleNanos) * 100) / 100.0;
        }
        lastCpuNanos = cpu;
        lastSampleNanos = now;
    }

    /** Cores used over the last second; null before two samples were taken or where the JVM cannot tell. */
    Double cores() {
        return cores;
    }
}
