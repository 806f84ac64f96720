import java.util.Properties;

public class Db {
    private static final String URL = "jdbc:postgresql://db.internal:5432/app";

    public static Properties settings() {
        Properties p = new Properties();
        p.setProperty("url", URL);
        return p;
    }
}
