pub fn database_url() -> String {
    "postgres://app@db.internal:5432/app".to_string()
}

pub fn connect(url: &str) -> usize {
    url.len()
}

pub fn cache() -> usize {
    let redis_url: &str = "redis://cache.internal:6379/0";
    connect(redis_url)
}
