#include "flac.h"

#include <math.h>
#include <string.h>

/* ---- Bits, most significant first, with a 64-bit cache. Reading past the end sets
 * `overrun` and yields zeros, so a cut frame is detected, never read beyond. ---- */
typedef struct {
  const uint8_t *data;
  size_t length;
  size_t next; /* next byte to load into the cache */
  uint64_t cache; /* unread bits, left-aligned; the bits below them are zero */
  unsigned bits;
  int overrun;
} Bits;

static void bits_init(Bits *b, const uint8_t *data, size_t length) {
  b->data = data;
  b->length = length;
  b->next = 0;
  b->cache = 0;
  b->bits = 0;
  b->overrun = 0;
}

static void bits_refill(Bits *b) {
  while (b->bits <= 56 && b->next < b->length) {
    b->cache |= (uint64_t)b->data[b->next++] << (56 - b->bits);
    b->bits += 8;
  }
}

/* n <= 32 */
static uint32_t bits_read(Bits *b, unsigned n) {
  if (n == 0) return 0;
  if (b->bits < n) {
    bits_refill(b);
    if (b->bits < n) {
      b->overrun = 1;
      b->cache = 0;
      b->bits = 0;
      return 0;
    }
  }
  uint32_t v = (uint32_t)(b->cache >> (64 - n));
  b->cache = n == 64 ? 0 : b->cache << n;
  b->bits -= n;
  return v;
}

/* A two's complement number of n <= 32 bits. */
static int32_t bits_signed(Bits *b, unsigned n) {
  if (n == 0) return 0;
  uint32_t v = bits_read(b, n);
  if (n == 32) return (int32_t)v;
  uint32_t m = 1u << (n - 1);
  return (int32_t)(v ^ m) - (int32_t)m;
}

static unsigned leading_zeros64(uint64_t x) { /* x != 0 */
#if defined(__GNUC__) || defined(__clang__)
  return (unsigned)__builtin_clzll(x);
#else
  unsigned n = 0;
  while (!(x & 0x8000000000000000ull)) {
    x <<= 1;
    n++;
  }
  return n;
#endif
}

/* Zeros before the next one bit (which is consumed). */
static uint32_t bits_unary(Bits *b) {
  uint32_t q = 0;
  for (;;) {
    if (b->bits == 0) {
      bits_refill(b);
      if (b->bits == 0) {
        b->overrun = 1;
        return 0;
      }
    }
    if (b->cache) {
      unsigned z = leading_zeros64(b->cache);
      q += z;
      b->cache = z + 1 >= 64 ? 0 : b->cache << (z + 1);
      b->bits -= z + 1;
      return q;
    }
    q += b->bits;
    b->bits = 0;
  }
}

/* Bytes consumed so far (call at a byte boundary). */
static size_t bits_position(const Bits *b) { return b->next - b->bits / 8; }

static void bits_align(Bits *b) {
  unsigned r = b->bits % 8;
  b->cache <<= r;
  b->bits -= r;
}

/* ---- Checksums ---- */
static uint8_t crc8(const uint8_t *p, size_t n) {
  uint8_t c = 0;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (uint8_t)(c & 0x80 ? (c << 1) ^ 0x07 : c << 1);
  }
  return c;
}

/* CRC-16 eight bytes a step (one table per byte position), as a chain of one table
 * lookup per byte held the whole decode back. The tables are made per decode call
 * (microseconds against a call's megabyte of frames): no state shared between threads. */
typedef uint16_t Crc16Tables[8][256];

static void crc16_init(Crc16Tables t) {
  for (int i = 0; i < 256; i++) {
    uint16_t c = (uint16_t)(i << 8);
    for (int k = 0; k < 8; k++) c = (uint16_t)(c & 0x8000 ? (c << 1) ^ 0x8005 : c << 1);
    t[0][i] = c;
  }
  for (int k = 1; k < 8; k++)
    for (int i = 0; i < 256; i++) t[k][i] = (uint16_t)((t[k - 1][i] << 8) ^ t[0][t[k - 1][i] >> 8]);
}

static uint16_t crc16(Crc16Tables t, const uint8_t *p, size_t n) {
  uint16_t c = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    c = (uint16_t)(t[7][p[i] ^ (c >> 8)] ^ t[6][p[i + 1] ^ (c & 0xff)] ^ t[5][p[i + 2]] ^ t[4][p[i + 3]] ^
                   t[3][p[i + 4]] ^ t[2][p[i + 5]] ^ t[1][p[i + 6]] ^ t[0][p[i + 7]]);
  }
  for (; i < n; i++) c = (uint16_t)((c << 8) ^ t[0][(c >> 8) ^ p[i]]);
  return c;
}

/* Floor of x / 2^k for signed x (a portable arithmetic shift). */
static int64_t shift_floor(int64_t x, unsigned k) { return x >= 0 ? x >> k : ~(~x >> k); }

/* ---- Frame header ---- */
typedef struct {
  int block;
  int rate;
  int channels;
  int assignment; /* 0-7 independent, 8 left/side, 9 side/right, 10 mid/side */
  int bits;
} Header;

static const int RATES[12] = {0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000};
static const int SIZES[8] = {0, 8, 12, 0, 16, 20, 24, 32};

/* 0: a valid header read; -1: not a header; 1: the input ends inside it. */
static int read_header(Bits *b, const uint8_t *start, size_t available, const FlacCall *call, Header *h) {
  uint32_t sync = bits_read(b, 15);
  if (b->overrun) return 1;
  if (sync != 0x7ffc) return -1;
  bits_read(b, 1); /* blocking strategy: fixed or variable, the same to a decoder */
  unsigned block_code = bits_read(b, 4), rate_code = bits_read(b, 4);
  unsigned assignment = bits_read(b, 4), size_code = bits_read(b, 3), reserved = bits_read(b, 1);
  if (b->overrun) return 1;
  if (block_code == 0 || rate_code == 15 || assignment > 10 || size_code == 3 || reserved) return -1;
  /* The frame or sample number, UTF-8 coded: only its length matters here. */
  uint32_t first = bits_read(b, 8);
  int extra = 0;
  if (first >= 0x80) {
    if (first == 0xff || (first & 0xc0) == 0x80) return -1;
    while (first & (0x40u >> extra)) extra++;
  }
  for (int i = 0; i < extra; i++)
    if ((bits_read(b, 8) & 0xc0) != 0x80 && !b->overrun) return -1;
  if (block_code == 1) h->block = 192;
  else if (block_code <= 5) h->block = 576 << (block_code - 2);
  else if (block_code == 6) h->block = (int)bits_read(b, 8) + 1;
  else if (block_code == 7) h->block = (int)bits_read(b, 16) + 1;
  else h->block = 256 << (block_code - 8);
  if (rate_code == 0) h->rate = call->stream_rate;
  else if (rate_code <= 11) h->rate = RATES[rate_code];
  else if (rate_code == 12) h->rate = (int)bits_read(b, 8) * 1000;
  else if (rate_code == 13) h->rate = (int)bits_read(b, 16);
  else h->rate = (int)bits_read(b, 16) * 10;
  uint32_t crc = bits_read(b, 8);
  if (b->overrun) return 1;
  size_t header_bytes = bits_position(b);
  if (header_bytes > available || crc8(start, header_bytes - 1) != crc) return -1;
  h->assignment = (int)assignment;
  h->channels = assignment <= 7 ? (int)assignment + 1 : 2;
  h->bits = size_code == 0 ? call->stream_bits : SIZES[size_code];
  /* 32-bit samples (33 in a side channel) are left to the wasm decoder. */
  if (h->bits < 4 || h->bits > 24 || h->rate <= 0) return -1;
  return 0;
}

/* ---- Subframes ---- */

/* The residual after `order` warm-up samples; 0 when well formed. */
static int read_residual(Bits *b, int32_t *s, int block, int order) {
  unsigned method = bits_read(b, 2);
  if (method > 1) return -1;
  unsigned param_bits = method == 0 ? 4 : 5, escape = method == 0 ? 15 : 31;
  unsigned partition_order = bits_read(b, 4);
  int partitions = 1 << partition_order;
  if (block % partitions != 0 || (block >> partition_order) < order) return -1;
  int at = order;
  for (int p = 0; p < partitions; p++) {
    int n = (block >> partition_order) - (p == 0 ? order : 0);
    unsigned param = bits_read(b, param_bits);
    if (param == escape) {
      unsigned raw = bits_read(b, 5);
      for (int i = 0; i < n; i++) s[at++] = bits_signed(b, raw);
    } else {
      for (int i = 0; i < n; i++) {
        uint32_t u = (bits_unary(b) << param) | bits_read(b, param);
        s[at++] = (int32_t)(u >> 1) ^ -(int32_t)(u & 1);
      }
    }
    if (b->overrun) return 1;
  }
  return 0;
}

static void predict_fixed(int32_t *s, int block, int order) {
  for (int i = order; i < block; i++) {
    int64_t p;
    switch (order) {
      case 0: p = 0; break;
      case 1: p = s[i - 1]; break;
      case 2: p = 2 * (int64_t)s[i - 1] - s[i - 2]; break;
      case 3: p = 3 * (int64_t)s[i - 1] - 3 * (int64_t)s[i - 2] + s[i - 3]; break;
      default: p = 4 * (int64_t)s[i - 1] - 6 * (int64_t)s[i - 2] + 4 * (int64_t)s[i - 3] - s[i - 4]; break;
    }
    s[i] = (int32_t)(uint32_t)(s[i] + p);
  }
}

/* Sums in 32 bits where they cannot overflow (bits + precision + log2(order) <= 32, as
 * libFLAC decides), over the history in ascending order so the compiler can vectorise
 * the dot product; in 64 bits otherwise. Integer sums: the same result either way. */
static void predict_lpc(int32_t *s, int block, const int32_t *coef, int order, unsigned shift, int bits,
                        unsigned precision) {
  int32_t rc[32];
  for (int k = 0; k < order; k++) rc[k] = coef[order - 1 - k];
  unsigned log2_order = 0;
  while ((1 << log2_order) < order) log2_order++;
  if ((unsigned)bits + precision + log2_order <= 32) {
    for (int i = order; i < block; i++) {
      const int32_t *h = s + i - order;
      uint32_t sum = 0; /* unsigned: a damaged stream wraps, never undefined behaviour */
      for (int k = 0; k < order; k++) sum += (uint32_t)rc[k] * (uint32_t)h[k];
      s[i] = (int32_t)((uint32_t)s[i] + (uint32_t)shift_floor((int32_t)sum, shift));
    }
    return;
  }
  /* Four partial sums: one chain of additions held each sample back (integer sums, so
   * the grouping does not change the result). */
  for (int i = order; i < block; i++) {
    const int32_t *h = s + i - order;
    int64_t a = 0, b = 0, c = 0, d = 0;
    int k = 0;
    for (; k + 4 <= order; k += 4) {
      a += (int64_t)rc[k] * h[k];
      b += (int64_t)rc[k + 1] * h[k + 1];
      c += (int64_t)rc[k + 2] * h[k + 2];
      d += (int64_t)rc[k + 3] * h[k + 3];
    }
    for (; k < order; k++) a += (int64_t)rc[k] * h[k];
    s[i] = (int32_t)(uint32_t)(s[i] + shift_floor(a + b + c + d, shift));
  }
}

/* One channel's subframe at `bits` bits; 0 when well formed, 1 when the input ends in it. */
static int read_subframe(Bits *b, int32_t *s, int block, int bits) {
  unsigned pad = bits_read(b, 1), type = bits_read(b, 6), has_wasted = bits_read(b, 1);
  if (b->overrun) return 1;
  if (pad) return -1;
  unsigned wasted = has_wasted ? bits_unary(b) + 1 : 0;
  if ((int)wasted >= bits) return b->overrun ? 1 : -1;
  bits -= (int)wasted;
  int r = 0;
  if (type == 0) {
    int32_t v = bits_signed(b, (unsigned)bits);
    for (int i = 0; i < block; i++) s[i] = v;
  } else if (type == 1) {
    for (int i = 0; i < block; i++) s[i] = bits_signed(b, (unsigned)bits);
  } else if (type >= 8 && type <= 12) {
    int order = (int)type - 8;
    if (order > block) return -1;
    for (int i = 0; i < order; i++) s[i] = bits_signed(b, (unsigned)bits);
    r = read_residual(b, s, block, order);
    if (r == 0) predict_fixed(s, block, order);
  } else if (type >= 32) {
    int order = (int)type - 31;
    if (order > block) return -1;
    for (int i = 0; i < order; i++) s[i] = bits_signed(b, (unsigned)bits);
    unsigned precision = bits_read(b, 4) + 1;
    int32_t shift = bits_signed(b, 5);
    if (b->overrun) return 1;
    if (precision == 16 || shift < 0) return -1;
    int32_t coef[32];
    for (int i = 0; i < order; i++) coef[i] = bits_signed(b, precision);
    r = read_residual(b, s, block, order);
    if (r == 0) predict_lpc(s, block, coef, order, (unsigned)shift, bits, precision);
  } else {
    return -1;
  }
  if (b->overrun) return 1;
  if (r) return r;
  if (wasted)
    for (int i = 0; i < block; i++) s[i] = (int32_t)((uint32_t)s[i] << wasted);
  return 0;
}

/* What the wasm package hands out, the integer over 2^(bits-1) - 1 in float32, rescaled
 * as flac-decoder.ts rescales it, Math.round(x * max) / 2^(bits-1), is the integer over
 * 2^(bits-1) exactly at 8, 16 and 24 bits: the float32 quotient is within 2^-24 of its
 * value relative, so x is within |integer| * 2^-24 < 0.5 of the integer and rounds back
 * to it (audio-flac-scale.test.ts checks every 8-, 16- and 24-bit value). */
static float to_wav_scale(int32_t v, float inv) { return (float)v * inv; }

/* One frame at the start of `in`: 0 decoded (its length in *length), -1 not a valid
 * frame, 1 the input ends inside it. */
static int read_frame(const uint8_t *in, size_t available, const FlacCall *call, Crc16Tables crc_table,
                      Header *h, int32_t *scratch, size_t *length) {
  Bits b;
  bits_init(&b, in, available);
  int r = read_header(&b, in, available, call, h);
  if (r) return r;
  for (int c = 0; c < h->channels; c++) {
    int side = (h->assignment == 8 && c == 1) || (h->assignment == 9 && c == 0) || (h->assignment == 10 && c == 1);
    r = read_subframe(&b, scratch + (size_t)c * FLAC_MAX_BLOCK, h->block, h->bits + side);
    if (r) return r;
  }
  bits_align(&b);
  uint32_t crc = bits_read(&b, 16);
  if (b.overrun) return 1;
  size_t end = bits_position(&b);
  if (crc16(crc_table, in, end - 2) != crc) return -1;
  int32_t *x = scratch, *y = scratch + FLAC_MAX_BLOCK;
  int n = h->block;
  /* In unsigned arithmetic: a damaged stream wraps, never undefined behaviour. */
  if (h->assignment == 8)
    for (int i = 0; i < n; i++) y[i] = (int32_t)((uint32_t)x[i] - (uint32_t)y[i]);
  else if (h->assignment == 9)
    for (int i = 0; i < n; i++) x[i] = (int32_t)((uint32_t)x[i] + (uint32_t)y[i]);
  else if (h->assignment == 10)
    for (int i = 0; i < n; i++) {
      int64_t mid = (int64_t)x[i] * 2 + (y[i] & 1), side = y[i];
      x[i] = (int32_t)shift_floor(mid + side, 1);
      y[i] = (int32_t)shift_floor(mid - side, 1);
    }
  *length = end;
  return 0;
}

void flac_decode(FlacCall *call, const uint8_t *in, size_t length, int last, float *out, int capacity,
                 int32_t *scratch) {
  Crc16Tables crc_table;
  crc16_init(crc_table);
  size_t at = 0;
  call->samples = 0;
  call->channels = 0;
  call->skipped = 0;
  while (at + 2 <= length) {
    /* Frames start at a sync code; anything else is skipped, as codec-parser skips it. */
    if (in[at] != 0xff || (in[at + 1] & 0xfe) != 0xf8) {
      at++;
      call->skipped++;
      continue;
    }
    Header h;
    size_t frame_length = 0;
    int r = read_frame(in + at, length - at, call, crc_table, &h, scratch, &frame_length);
    if (r == 1 && !last) break;
    if (r != 0) {
      at++;
      call->skipped++;
      continue;
    }
    if (call->channels == 0) {
      call->channels = h.channels;
      call->rate = h.rate;
      call->bits = h.bits;
    } else if (h.channels != call->channels || h.rate != call->rate || h.bits != call->bits) {
      break;
    }
    if (call->samples + h.block > capacity) break;
    const float inv = (float)ldexp(1.0, -(h.bits - 1));
    for (int c = 0; c < h.channels; c++) {
      const int32_t *s = scratch + (size_t)c * FLAC_MAX_BLOCK;
      float *o = out + (size_t)c * (size_t)capacity + (size_t)call->samples;
      for (int i = 0; i < h.block; i++) o[i] = to_wav_scale(s[i], inv);
    }
    call->samples += h.block;
    at += frame_length;
  }
  /* At the end, a last byte that cannot start a frame. */
  if (last && at + 2 > length) {
    call->skipped += (int)(length - at);
    at = length;
  }
  call->consumed = at;
}
