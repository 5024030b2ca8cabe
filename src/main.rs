// A fast allocator: parsing and DDL generation allocate many small strings and nodes.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    migguard::cli::run()
}
