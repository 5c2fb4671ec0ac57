package org.stratus;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Stratus server: a Spring Boot application; {@link StratusMain} is the command-line entry point. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class StratusApplication {

    public static void main(String[] args) {
        SpringApplication.run(StratusApplication.class, args);
    }
}
