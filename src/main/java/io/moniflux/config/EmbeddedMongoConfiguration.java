package io.moniflux.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.mongodb.ConnectionString;

import de.bwaldvogel.mongo.MongoServer;

/**
 * Starts an in-process MongoDB-wire-compatible server when no MongoDB is configured, so that the
 * service runs out of the box and keeps its data in a file under {@code ./data}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.mongodb.uri:}'.isEmpty() and '${spring.mongodb.host:}'.isEmpty()")
@EnableConfigurationProperties(EmbeddedMongoProperties.class)
class EmbeddedMongoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoConfiguration.class);

    @Bean(destroyMethod = "shutdownNow")
    MongoServer embeddedMongoServer(EmbeddedMongoProperties properties) {
        MongoServer server = EmbeddedMongo.start(properties.path(), properties.port());
        InetSocketAddress address = server.getLocalAddress();
        log.info("No MongoDB URI configured (MONGO_URI / spring.mongodb.uri): started the embedded MongoDB-wire server on {} with {}",
                address, properties.inMemory() ? "in-memory storage" : "data in " + Path.of(properties.path()).toAbsolutePath().normalize());
        return server;
    }

    @Bean
    EmbeddedDatabase embeddedDatabase(EmbeddedMongoProperties properties) {
        return new EmbeddedDatabase(properties.inMemory() ? null : Path.of(properties.path()).toAbsolutePath().getParent());
    }

    @Bean
    MongoConnectionDetails embeddedMongoConnectionDetails(MongoServer server, Environment environment) {
        InetSocketAddress address = server.getLocalAddress();
        String database = environment.getProperty("spring.mongodb.database", "moniflux");
        ConnectionString connectionString = new ConnectionString(
                "mongodb://127.0.0.1:" + address.getPort() + "/" + database);
        return () -> connectionString;
    }
}
