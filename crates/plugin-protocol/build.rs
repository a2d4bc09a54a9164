//! Compiles the plugin protocol definitions in the repository's `proto/` into Rust (prost messages,
//! tonic services) with `protox`, a pure-Rust protobuf compiler, so no system `protoc` is needed.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    const FILES: [&str; 3] = [
        "../../proto/tfplugin6.proto",
        "../../proto/grpc_controller.proto",
        "../../proto/grpc_stdio.proto",
    ];
    for file in FILES {
        println!("cargo:rerun-if-changed={file}");
    }
    let descriptors = protox::compile(FILES, ["../../proto"])?;
    tonic_prost_build::configure()
        .build_server(true)
        .build_client(true)
        .compile_fds(descriptors)?;
    Ok(())
}
