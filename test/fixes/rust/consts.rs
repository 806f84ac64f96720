pub const REDIS_URL: &str = "redis://cache.internal:6379/0";

pub fn describe() -> String {
    format!("{}", REDIS_URL)
}
