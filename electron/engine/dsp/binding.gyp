# Backbeat's native DSP kernels (the analysis' hot loops in C), built by `npm install`
# (scripts/build-dsp.js) with the node-gyp npm brings. Node-API only, so one build
# loads in Node (tests, CLI, browser mode) and in Electron of the same platform and
# architecture. The arithmetic must stay IEEE-exact and in the order the TypeScript
# reference uses: no fast-math, no contraction into fused multiply-adds (which would
# round differently from the JavaScript the values were validated with).
{
  "targets": [
    {
      "target_name": "backbeat_dsp",
      "sources": [
        "src/addon.c",
        "src/napi-args.c",
        "src/fft.c",
        "src/fft-binding.c",
        "src/fft-v2.c",
        "src/fft-avx.c",
        "src/stft-frame.c",
        "src/stft-frame-binding.c",
        "src/mel-rows.c",
        "src/mel-rows-binding.c",
        "src/half-rate.c",
        "src/half-rate-binding.c",
        "src/downmix.c",
        "src/downmix-binding.c",
        "src/tempogram.c",
        "src/tempogram-binding.c",
        "src/polyphase.c",
        "src/polyphase-binding.c",
        "src/real-tables.c",
        "src/cqt.c",
        "src/cqt-binding.c",
        "src/flac.c",
        "src/flac-binding.c"
      ],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-O3", "-std=c11", "-ffp-contract=off", "-fno-math-errno", "-Wall", "-Wextra"],
      "xcode_settings": {
        "OTHER_CFLAGS": ["-O3", "-std=c11", "-ffp-contract=off", "-fno-math-errno", "-Wall"]
      },
      "msvs_settings": { "VCCLCompilerTool": { "AdditionalOptions": ["/O2", "/fp:precise"] } }
    }
  ]
}
