import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

public class Annotated {
    @Retention(RetentionPolicy.RUNTIME)
    @interface Endpoint {
        String value();
    }

    @Endpoint("redis://cache.internal:6379")
    public void cache() {
    }
}
