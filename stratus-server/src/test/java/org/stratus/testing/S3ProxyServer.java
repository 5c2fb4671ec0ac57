package org.stratus.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.util.unit.DataSize;
import org.stratus.blob.s3.S3Clients;
import org.stratus.config.StratusProperties;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: s3proxy (Maven Central {@code org.gaul:s3proxy}) on 127.0.0.1 and a port the system
 * picks, storing objects in a temporary folder, with AWS signature v4 checked against a test key pair.
 *
 * <p>Why s3proxy: it implements the S3 wire protocol (signatures v2/v4, multipart uploads, ranges, ListObjectsV2,
 * flexible checksums, which it verifies) in one self-contained jar from the same repository as every other build
 * dependency, and starts in seconds. Ceph's radosgw (Debian's {@code radosgw}) is the other real S3 server
 * available here, but it needs a running Ceph cluster (monitors, OSDs, keyrings) first: minutes of setup and much
 * memory on a 2-core CI machine. MinIO is not packaged in Debian or on Maven Central.
 *
 * <p>Why a separate process and not s3proxy in this JVM: its dependencies (its own Jetty, Jackson, logback and the
 * Azure and Google Cloud SDKs) would share the test classpath with Spring Boot, whose dependency management would
 * replace their versions and whose auto-configuration reacts to what is on the classpath; the server under test
 * would then not be the one that ships. The Maven build copies s3proxy's jar-with-dependencies (Jetty shaded inside)
 * to {@code target/s3proxy/}; no s3proxy class is on the test classpath. It also makes an outage easy to stage:
 * {@link #close()} kills the server as a crash would.
 *
 * <p>A server that cannot start fails the test with its output; it never skips it.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "stratus-test-access";
    public static final String SECRET_KEY = "stratus-test-secret-key";

    private static final Pattern STARTED = Pattern.compile("Started .*ServerConnector.*\\{127\\.0\\.0\\.1:(\\d+)}");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path dir;
    private final URI endpoint;
    private final List<String> output;

    private S3ProxyServer(Process process, Path dir, URI endpoint, List<String> output) {
        this.process = process;
        this.dir = dir;
        this.endpoint = endpoint;
        this.output = output;
    }

    /** Starts a server with an empty store and waits until it accepts connections. */
    public static S3ProxyServer start() {
        Path jar = jar();
        try {
            Path dir = Files.createTempDirectory("stratus-s3proxy");
            Path data = Files.createDirectories(dir.resolve("data"));
            Path config = dir.resolve("s3proxy.conf");
            Files.writeString(config, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:0",
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + data,
                    ""));
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                    "--properties", config.toString())
                    .redirectErrorStream(true)
                    .start();
            List<String> output = new ArrayList<>();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread reader = new Thread(() -> readOutput(process, output, port), "s3proxy-output");
            reader.setDaemon(true);
            reader.start();
            process.onExit().thenRun(() -> port.completeExceptionally(
                    new IllegalStateException("s3proxy exited with status " + process.exitValue())));
            try {
                int p = port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return new S3ProxyServer(process, dir, URI.create("http://127.0.0.1:" + p), output);
            } catch (ExecutionException | TimeoutException e) {
                process.destroyForcibly();
                throw new IllegalStateException("s3proxy did not start:\n" + String.join("\n", snapshot(output)), e);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path jar() {
        Path jar = Paths.get(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No s3proxy jar at " + jar.toAbsolutePath()
                    + ": the Maven build copies it there (generate-test-resources); run the tests through ./mvnw");
        }
        return jar;
    }

    private static void readOutput(Process process, List<String> output, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                synchronized (output) {
                    if (output.size() < 2000) {
                        output.add(line);
                    }
                }
                Matcher started = STARTED.matcher(line);
                if (started.find()) {
                    port.complete(Integer.parseInt(started.group(1)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
    }

    private static List<String> snapshot(List<String> output) {
        synchronized (output) {
            return new ArrayList<>(output);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Creates a bucket and returns its name. */
    public String createBucket(String name) {
        try (S3Client client = client()) {
            client.createBucket(request -> request.bucket(name));
        }
        return name;
    }

    /** Settings for a Stratus S3 backend on {@code bucket} of this server, with small parts for tests. */
    public StratusProperties.S3 settings(String bucket, String keyPrefix) {
        return new StratusProperties.S3(endpoint, "us-east-1", bucket, ACCESS_KEY, SECRET_KEY, true,
                DataSize.ofMegabytes(1), DataSize.ofMegabytes(5), keyPrefix, 50, Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }

    /** The same settings as Spring properties, for {@link StratusTestServer.Builder#property}. */
    public List<String> properties(String bucket, String keyPrefix) {
        return List.of("stratus.blob.backend=s3",
                "stratus.blob.s3.endpoint=" + endpoint,
                "stratus.blob.s3.bucket=" + bucket,
                "stratus.blob.s3.access-key=" + ACCESS_KEY,
                "stratus.blob.s3.secret-key=" + SECRET_KEY,
                "stratus.blob.s3.path-style=true",
                "stratus.blob.s3.key-prefix=" + keyPrefix,
                "stratus.blob.s3.multipart-threshold=1MB",
                "stratus.blob.s3.part-size=5MB");
    }

    /** A plain client of this server, for a test to look at the bucket directly. */
    public S3Client client() {
        return S3Clients.create(settings("unused", ""));
    }

    /** Stops the server at once, as a crash would, and removes its data. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is not a test failure
        }
    }
}
