pub fn connect(url: &str) -> usize {
    url.len()
}

pub fn cache() -> usize {
    let url = "redis://cache.internal:6379/0";
    connect(url)
}
