fn main() -> std::process::ExitCode {
    migguard::cli::run()
}
