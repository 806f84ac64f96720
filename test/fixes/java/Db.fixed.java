import java.util.Properties;

public class Db {
    private static final String URL = System.getenv("DATABASE_URL");

    public static Properties settings() {
        Properties p = new Properties();
        p.setProperty("url", URL);
        return p;
    }
}
