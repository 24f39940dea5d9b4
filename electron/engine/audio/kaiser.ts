// The Kaiser window, shared by the resamplers' windowed-sinc filter designs.

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for our betas). */
export function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-16) break;
  }
  return sum;
}

/** Kaiser window at r in [-1, 1] (0 is the centre), for shape parameter beta. */
export function kaiser(r: number, beta: number): number {
  return besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / besselI0(beta);
}
