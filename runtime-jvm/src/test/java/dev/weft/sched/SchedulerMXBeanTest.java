package dev.weft.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.GoroutineFailures;
import dev.weft.Waits;
import dev.weft.chan.Chan;
import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every scheduler is a JMX bean while it lives: its counters, and a goroutine dump by operation. */
class SchedulerMXBeanTest {
    @RegisterExtension
    final GoroutineFailures failures = new GoroutineFailures();

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    private Set<ObjectName> named(String name) throws Exception {
        return server.queryNames(new ObjectName("dev.weft:type=Scheduler,name=" + ObjectName.quote(name) + ",*"), null);
    }

    @Test
    void aSchedulerIsRegisteredWhileItLivesAndDumpsThroughJmx() throws Exception {
        ObjectName bean;
        try (Scheduler s = Scheduler.builder().name("jmx \"quoted\"").workers(2).uncaughtExceptionHandler(failures).build()) {
            Set<ObjectName> names = named(s.name());
            assertEquals(1, names.size(), names::toString);
            bean = names.iterator().next();
            Chan<Integer> c = Chan.make();
            Goroutine g = s.go("stuck-in-receive", c::recv);
            Waits.whileTrue("the goroutine has not blocked", () -> g.state() != Goroutine.State.WAITING);
            assertEquals(1L, server.getAttribute(bean, "Goroutines"));
            assertEquals("WEFT", server.getAttribute(bean, "Kind"));
            assertEquals(2, server.getAttribute(bean, "Workers"));
            assertTrue((long) server.getAttribute(bean, "Spawned") >= 1);
            String dump = (String) server.invoke(bean, "dump", new Object[0], new String[0]);
            assertTrue(dump.contains("\"stuck-in-receive\"") && dump.contains("chan receive on Chan#"), dump);
            c.send(1);
            assertTrue(g.join(java.time.Duration.ofSeconds(30)), s::dump);
        }
        assertFalse(server.isRegistered(bean), "still registered after close");
    }

    @Test
    void jmxFalseRegistersNothing() throws Exception {
        try (Scheduler s = Scheduler.builder().name("jmx-off").jmx(false).build()) {
            assertTrue(named(s.name()).isEmpty());
        }
    }
}
