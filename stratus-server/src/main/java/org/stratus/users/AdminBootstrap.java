package org.stratus.users;

import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.stratus.config.StratusProperties;

/**
 * Creates user {@code admin} on the first start, with {@code STRATUS_ADMIN_PASSWORD} or a generated password that
 * is printed once. Race-free across replicas: the insert is {@code ON CONFLICT DO NOTHING} on the unique username
 * index, so exactly one replica creates it and the others see it exist. Runs before the web server starts listening,
 * so the first request can already log in.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String ADMIN = "admin";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final UserService users;
    private final StratusProperties properties;

    AdminBootstrap(UserService users, StratusProperties properties) {
        this.users = users;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (users.find(ADMIN).isPresent()) {
            return;
        }
        String configured = properties.adminPassword();
        boolean generated = configured == null || configured.isBlank();
        String password = generated ? generatePassword() : configured;
        if (users.createIfAbsent(ADMIN, password, properties.defaultQuotaBytes())) {
            if (generated) {
                // Printed once, on the console only: it is not kept anywhere in clear text.
                System.out.println();
                System.out.println("  Created user 'admin' with password: " + password);
                System.out.println("  (shown only now; change it with: ./stratus user passwd admin)");
                System.out.println();
            }
            log.info("Created user '{}' ({})", ADMIN, generated ? "generated password printed on the console"
                    : "password from STRATUS_ADMIN_PASSWORD");
        }
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
