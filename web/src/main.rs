fn main() {
    yew::Renderer::<keyspace_web::app::App>::new().render();
}
