package scg;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Transaction;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * Runs an embedded Neo4j Community DBMS with the Bolt connector on 127.0.0.1.
 *
 * <p>stdout carries exactly one line, {@code READY bolt://127.0.0.1:PORT}, once Bolt accepts
 * connections and the password from the password file is in force. Errors are one line on stderr
 * ({@code ERROR: ...}); exit code 3 when the port is taken, 2 for bad arguments, 1 for any other
 * startup failure.
 */
public final class Launcher {

    private static final String USER = "neo4j";
    private static final String SYSTEM_DB = "system";
    private static final int EXIT_FAILURE = 1;
    private static final int EXIT_USAGE = 2;
    private static final int EXIT_PORT_IN_USE = 3;

    private static final String USAGE =
            "usage: java [JVM options] -jar scg-neo4j-launcher.jar --data-dir DIR --password-file FILE"
                    + " [--bolt-port PORT]";

    /** The real stdout; System.out is pointed at stderr so that nothing else can reach stdout. */
    private static final PrintStream STDOUT = System.out;

    private static final AtomicBoolean SHUT_DOWN = new AtomicBoolean();

    private Launcher() {}

    private static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private static final class PortInUseException extends Exception {
        PortInUseException(int port) {
            super("port " + port + " is already in use");
        }
    }

    private static final class Options {
        Path dataDir;
        int boltPort = BoltConnector.DEFAULT_PORT;
        Path passwordFile;
    }

    public static void main(String[] args) {
        // Anything a library prints on System.out goes to stderr: stdout is reserved for READY.
        System.setOut(System.err);
        // Same hints Neo4j's own start script passes to the JVM; must be set before the classes load.
        System.setProperty("log4j2.disable.jmx", "true");
        System.setProperty("io.netty.tryReflectionSetAccessible", "true");
        System.setProperty("jdk.nio.maxCachedBufferSize", "1024");

        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            fail(EXIT_USAGE, e.getMessage() + " (" + USAGE + ")");
            return;
        }

        DatabaseManagementService dbms = null;
        try {
            String password = readPassword(options.passwordFile);
            checkPortFree(options.boltPort);
            Path home = options.dataDir.toAbsolutePath().normalize();
            if (Files.exists(home) && !Files.isDirectory(home)) {
                throw new IOException("--data-dir is not a directory: " + home);
            }

            SocketAddress bolt = new SocketAddress("127.0.0.1", options.boltPort);
            Map<Setting<?>, Object> settings = new LinkedHashMap<>();
            settings.put(BoltConnector.enabled, true);
            settings.put(BoltConnector.listen_address, bolt); // loopback only
            settings.put(BoltConnector.advertised_address, bolt);
            settings.put(GraphDatabaseSettings.auth_enabled, true);
            settings.put(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256));
            settings.put(GraphDatabaseSettings.udc_enabled, false);
            settings.put(GraphDatabaseSettings.data_directory, home.resolve("data"));
            settings.put(GraphDatabaseSettings.logs_directory, home.resolve("logs"));
            // Do not reserve 256 MiB of disk per database for the transaction log up front.
            settings.put(GraphDatabaseSettings.preallocate_logical_logs, false);
            // Bolt's Netty event loops wait a 5 s quiet period twice on shutdown (10 s per SIGTERM);
            // 1 s keeps the shutdown graceful but quick.
            settings.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 1);
            // On SIGTERM the database turns unavailable first, then waits for the transactions in
            // flight before its checkpoint. By default every statement that meets an unavailable
            // database waits 1 s before it fails, and a transaction holding a lock keeps the next
            // writer queued behind it: with 8 writers on one workspace that chain held requests
            // 5-9 s and the shutdown 6 s. Failing such statements at once lets the clients see
            // DatabaseUnavailable at once (the service answers 503) and the chain drain in ms.
            settings.put(GraphDatabaseInternalSettings.transaction_start_timeout, Duration.ZERO);
            // Transactions still running 2 s into a shutdown are terminated (default 10 s), so a
            // stop is bounded; a terminated transaction was never acknowledged to its client.
            settings.put(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2));

            Config config = Config.newBuilder()
                    .set(GraphDatabaseSettings.neo4j_home, home)
                    .set(settings)
                    .build();
            int minLength = config.get(GraphDatabaseSettings.auth_minimum_password_length);
            if (password.codePointCount(0, password.length()) < minLength) {
                throw new IllegalArgumentException("password in " + options.passwordFile
                        + " is shorter than " + minLength + " characters (Neo4j's minimum)");
            }
            Files.createDirectories(home);
            // First start: the security graph takes user neo4j's password from auth.ini (this is
            // what `neo4j-admin dbms set-initial-password` writes), so the default password
            // "neo4j" is never live on the Bolt port. Later starts ignore the file unless the
            // stored password is still the default; ensurePassword() handles those.
            Path authIni = CommunitySecurityModule.getInitialUserRepositoryFile(config);
            writeInitialPassword(authIni, password);

            dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(settings)
                    .setUserLogProvider(NullLogProvider.getInstance())
                    .build();
            final DatabaseManagementService service = dbms;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(service), "neo4j-shutdown"));

            GraphDatabaseService system = dbms.database(SYSTEM_DB);
            ensurePassword(system, password);
            Files.deleteIfExists(authIni);

            GraphDatabaseService defaultDb = dbms.database(config.get(GraphDatabaseSettings.initial_default_database));
            if (!defaultDb.isAvailable(TimeUnit.MINUTES.toMillis(2))) {
                throw new IllegalStateException("database '" + defaultDb.databaseName() + "' did not become available");
            }
            waitForBolt(options.boltPort, Duration.ofSeconds(60));
        } catch (PortInUseException e) {
            fail(EXIT_PORT_IN_USE, e.getMessage());
            return;
        } catch (Throwable e) {
            int code = EXIT_FAILURE;
            String message = describe(e);
            if (hasBindException(e)) {
                code = EXIT_PORT_IN_USE;
                message = new PortInUseException(options.boltPort).getMessage();
            }
            if (dbms != null) {
                shutdown(dbms);
            }
            fail(code, message);
            return;
        }

        STDOUT.println("READY bolt://127.0.0.1:" + options.boltPort);
        STDOUT.flush();

        try {
            new CountDownLatch(1).await(); // until SIGTERM/SIGINT runs the shutdown hook
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the DBMS once (the failure path and the shutdown hook may both ask). */
    private static void shutdown(DatabaseManagementService dbms) {
        if (!SHUT_DOWN.compareAndSet(false, true)) {
            return;
        }
        try {
            dbms.shutdown();
        } catch (Throwable e) {
            System.err.println("ERROR: shutdown failed: " + describe(e));
            System.err.flush();
        }
    }

    private static Options parse(String[] args) throws UsageException {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "-h":
                case "--help":
                    STDOUT.println(USAGE);
                    STDOUT.flush();
                    System.exit(0);
                    break;
                case "--data-dir":
                case "--bolt-port":
                case "--password-file":
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException("missing value for " + arg);
                        }
                        value = args[++i];
                    }
                    if (value.isEmpty()) {
                        throw new UsageException("empty value for " + arg);
                    }
                    if (arg.equals("--data-dir")) {
                        o.dataDir = Path.of(value);
                    } else if (arg.equals("--password-file")) {
                        o.passwordFile = Path.of(value);
                    } else {
                        try {
                            o.boltPort = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            throw new UsageException("--bolt-port must be a number, got '" + value + "'");
                        }
                        if (o.boltPort < 1 || o.boltPort > 65535) {
                            throw new UsageException("--bolt-port must be in 1..65535, got " + o.boltPort);
                        }
                    }
                    break;
                default:
                    throw new UsageException("unknown argument '" + args[i] + "'");
            }
        }
        if (o.dataDir == null) {
            throw new UsageException("--data-dir is required");
        }
        if (o.passwordFile == null) {
            throw new UsageException("--password-file is required");
        }
        return o;
    }

    /** The file's content without trailing line breaks (CR/LF); other whitespace is kept. */
    private static String readPassword(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("password file not found: " + file);
        }
        String s = Files.readString(file, StandardCharsets.UTF_8);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        s = s.substring(0, end);
        if (s.isEmpty()) {
            throw new IOException("password file is empty: " + file);
        }
        return s;
    }

    private static void checkPortFree(int port) throws PortInUseException, IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // like Netty: a TIME_WAIT leftover is not "in use"
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            throw new PortInUseException(port);
        }
    }

    private static void writeInitialPassword(Path authIni, String password) throws Exception {
        Files.createDirectories(authIni.getParent());
        Files.deleteIfExists(authIni);
        try (DefaultFileSystemAbstraction fs = new DefaultFileSystemAbstraction()) {
            FileUserRepository repo = new FileUserRepository(
                    fs, authIni, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
            repo.start();
            try {
                repo.create(new User(
                        USER,
                        null,
                        SystemGraphCredential.createCredentialForPassword(
                                password.getBytes(StandardCharsets.UTF_8), new SecureHasher()),
                        false,
                        false));
            } finally {
                repo.shutdown();
            }
        }
    }

    /**
     * Makes the password file the truth: if user neo4j's stored password differs (or a change is
     * still required, or the user is gone), set it with Cypher on the system database.
     */
    private static void ensurePassword(GraphDatabaseService system, String password) {
        boolean exists;
        boolean upToDate;
        try (Transaction tx = system.beginTx()) {
            Node user = tx.findNode(Label.label("User"), "name", USER);
            exists = user != null;
            upToDate = exists && storedPasswordMatches(user, password);
            tx.commit();
        }
        if (!exists) {
            system.executeTransactionally(
                    "CREATE USER " + USER + " SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } else if (!upToDate) {
            system.executeTransactionally(
                    "ALTER USER " + USER + " SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        }
    }

    private static boolean storedPasswordMatches(Node user, String password) {
        try {
            Object changeRequired = user.getProperty("passwordChangeRequired", Boolean.FALSE);
            if (Boolean.TRUE.equals(changeRequired)) {
                return false;
            }
            Object credentials = user.getProperty("credentials", null);
            if (credentials == null) {
                return false;
            }
            SystemGraphCredential stored = SystemGraphCredential.deserialize(credentials.toString(), new SecureHasher());
            return stored.matchesPassword(password.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            return false; // unknown format: just set the password again
        }
    }

    private static void waitForBolt(int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Bolt did not accept connections on port " + port);
                }
                Thread.sleep(50);
            }
        }
    }

    private static boolean hasBindException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            root = t;
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
                if (t instanceof FileSystemException) {
                    // e.g. AccessDeniedException's message is only the path
                    message = t.getClass().getSimpleName() + ": " + message;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (message == null) {
            message = root.getClass().getName();
        }
        return message.replaceAll("\\s+", " ").trim();
    }

    private static void fail(int code, String message) {
        System.err.println("ERROR: " + message);
        System.err.flush();
        System.exit(code);
    }
}
