fn main() {
    println!("{}", keyspace_engine::version_string());
}
