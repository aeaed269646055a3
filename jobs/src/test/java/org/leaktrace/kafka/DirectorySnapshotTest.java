package org.leaktrace.kafka;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.Organization;

class DirectorySnapshotTest {
    @Test
    void noBrokerIsAnErrorNamingTheBrokersItWasGiven() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", "127.0.0.1:" + port);
        DecodingDeserializer<Organization> decoder =
                new DecodingDeserializer<>(SingleObjectCodec.of(Organization.class), org -> org);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DirectorySnapshot.read(p, "leaktrace.organizations", decoder, Duration.ofSeconds(2)));

        assertTrue(e.getMessage().startsWith("no Kafka broker at 127.0.0.1:" + port
                + " gave the directory topic leaktrace.organizations within PT2S"), e.getMessage());
    }
}
