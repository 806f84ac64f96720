public class Switch {
    public static int weight(String url) {
        switch (url) {
            case "redis://cache.internal:6379":
                return 1;
            default:
                return 0;
        }
    }
}
