pub fn database_url() -> String {
    std::env::var("DATABASE_URL").expect("DATABASE_URL must be set").to_string()
}

pub fn connect(url: &str) -> usize {
    url.len()
}

pub fn cache() -> usize {
    let redis_url: &str = "redis://cache.internal:6379/0";
    connect(redis_url)
}
