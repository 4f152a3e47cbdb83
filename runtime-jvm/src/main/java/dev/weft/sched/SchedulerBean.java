package dev.weft.sched;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/** A scheduler's {@link SchedulerMXBean}, and its registration with the platform MBean server. */
final class SchedulerBean implements SchedulerMXBean {
    private final Scheduler scheduler;
    private final ObjectName name;

    private SchedulerBean(Scheduler scheduler, ObjectName name) {
        this.scheduler = scheduler;
        this.name = name;
    }

    /** Registers {@code s} as {@code dev.weft:type=Scheduler,name="<name>",id=<id>}; null if JMX refuses. */
    static SchedulerBean register(Scheduler s, long id) {
        try {
            SchedulerBean bean = new SchedulerBean(s,
                    new ObjectName("dev.weft:type=Scheduler,name=" + ObjectName.quote(s.name()) + ",id=" + id));
            ManagementFactory.getPlatformMBeanServer().registerMBean(bean, bean.name);
            return bean;
        } catch (JMException | RuntimeException e) {
            System.getLogger("dev.weft").log(System.Logger.Level.WARNING,
                    "scheduler " + s.name() + " could not be registered with JMX", e);
            return null;
        }
    }

    void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | RuntimeException alreadyGone) {
            // nothing to undo
        }
    }

    @Override
    public String getName() {
        return scheduler.name();
    }

    @Override
    public String getKind() {
        return scheduler.kind().name();
    }

    @Override
    public int getWorkers() {
        return scheduler.workerCount();
    }

    @Override
    public long getGoroutines() {
        return scheduler.goroutineCount();
    }

    @Override
    public long getSpawned() {
        return scheduler.stats().spawned();
    }

    @Override
    public long getStealsAttempted() {
        return scheduler.stats().stealsAttempted();
    }

    @Override
    public long getStealsSucceeded() {
        return scheduler.stats().stealsSucceeded();
    }

    @Override
    public long getInjections() {
        return scheduler.stats().injections();
    }

    @Override
    public long getRunnextHandoffs() {
        return scheduler.stats().runnextHandoffs();
    }

    @Override
    public long getParks() {
        return scheduler.stats().parks();
    }

    @Override
    public long getWakeups() {
        return scheduler.stats().wakeups();
    }

    @Override
    public long getCompensations() {
        return scheduler.stats().compensations();
    }

    @Override
    public long getLeakedGoroutines() {
        return scheduler.leakCount();
    }

    @Override
    public String dump() {
        return scheduler.dump();
    }

    @Override
    public String lockCycles() {
        return scheduler.lockCycleLines();
    }
}
