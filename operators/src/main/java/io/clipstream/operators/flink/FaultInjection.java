package io.clipstream.operators.flink;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * Fault injection for failure drills: a job started with the global job parameter {@code
 * clipstream.faults.<site>} set to {@code fail} throws at that site, or with {@code stall} waits
 * there (so a task manager can be taken away mid-work), once per process. Sites are the middle of
 * segment analysis (a segment analysed, not yet emitted), of video assembly (some of a video's
 * segments in state, not all) and of rendering a clip (its files written, its record not yet
 * emitted). Nothing fires unless the parameter is given; production deployments never set it.
 */
public final class FaultInjection {
    /** Where a fault can be injected. */
    public enum Site {
        ANALYSIS,
        ASSEMBLY,
        RENDER;

        public String parameter() {
            return "clipstream.faults." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What an injected failure throws. */
    public static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message);
        }
    }

    private static final Map<Site, AtomicBoolean> FIRED = new EnumMap<>(Site.class);
    private static final Map<Site, CountDownLatch> ENTERED = new EnumMap<>(Site.class);

    static {
        reset();
    }

    private FaultInjection() {}

    /** Called at a site: fires the fault configured for it, the first time only. */
    public static void at(Site site, RuntimeContext context) {
        String mode = context.getGlobalJobParameters().get(site.parameter());
        if (mode == null || mode.isBlank()) {
            return;
        }
        AtomicBoolean fired;
        CountDownLatch entered;
        synchronized (FaultInjection.class) {
            fired = FIRED.get(site);
            entered = ENTERED.get(site);
        }
        if (!fired.compareAndSet(false, true)) {
            return;
        }
        entered.countDown();
        switch (mode.trim()) {
            case "fail" ->
                    throw new InjectedFault(
                            "injected fault at " + site + " (" + site.parameter() + "=fail)");
            case "stall" -> {
                try {
                    // until the drill takes the task manager away (cancellation interrupts)
                    new CountDownLatch(1).await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InjectedFault("interrupted while stalled at " + site);
                }
            }
            default ->
                    throw new IllegalArgumentException(
                            site.parameter() + " must be 'fail' or 'stall', not '" + mode + "'");
        }
    }

    /** Counted down when the site's fault fires; a drill in the same process waits on it. */
    public static synchronized CountDownLatch entered(Site site) {
        return ENTERED.get(site);
    }

    public static synchronized boolean fired(Site site) {
        return FIRED.get(site).get();
    }

    /** Arms every site again (between drills in one process). */
    public static synchronized void reset() {
        for (Site site : Site.values()) {
            FIRED.put(site, new AtomicBoolean());
            ENTERED.put(site, new CountDownLatch(1));
        }
    }
}
