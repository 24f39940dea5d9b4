/* A FLAC frame decoder (the format's frames only: the TypeScript side reads the
 * metadata), written from the format's specification. FLAC is lossless, so any
 * correct decoder gives the same integers as libFLAC; they are then scaled exactly as
 * the wasm package and flac-decoder.ts's rescaling do, so the floats are the same too.
 * Every read is bounds-checked: a file is untrusted input. */
#ifndef BACKBEAT_FLAC_H
#define BACKBEAT_FLAC_H
#include <stddef.h>
#include <stdint.h>

/* Largest block a frame can hold (the block size field is 16 bits, minus one). */
#define FLAC_MAX_BLOCK 65536
#define FLAC_MAX_CHANNELS 8

typedef struct {
  /* In: the file's STREAMINFO sample rate and bits, for frames that refer to them. */
  int stream_rate;
  int stream_bits;
  /* Out. */
  size_t consumed; /* bytes of input used: whole frames, and garbage skipped before them */
  int samples;     /* per channel, written to out */
  int channels;
  int rate;
  int bits;
  int skipped; /* bytes skipped that were not a valid frame (damage, or a trailing tag) */
} FlacCall;

/* Decodes whole frames from `in` into `out`, planar (channel c at c * capacity), until
 * the input ends in the middle of a frame (unless `last`), the next frame does not fit
 * in `capacity`, or it has another channel count, rate or bit depth than this call's
 * first. `scratch` holds FLAC_MAX_CHANNELS * FLAC_MAX_BLOCK integers. */
void flac_decode(FlacCall *call, const uint8_t *in, size_t length, int last, float *out, int capacity,
                 int32_t *scratch);
#endif
