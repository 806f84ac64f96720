pub fn database_url() -> String {
    "postgres://app@db.internal:5432/app".to_string()
}

pub fn connect(url: &str) -> usize {
    url.len()
}

pub fn cache() -> usize {
    let redis_url: &str = &std::env::var("REDIS_URL").expect("REDIS_URL must be set");
    connect(redis_url)
}
