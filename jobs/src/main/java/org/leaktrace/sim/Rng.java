package org.leaktrace.sim;

/**
 * A small reseedable SplitMix64 generator with the distributions the simulator needs.
 *
 * <p>The world derives every random choice from a hash of (seed, purpose, ids) instead of one
 * shared stream, so a subscriber's day, an organization's customers or a campaign's schedule do
 * not shift when some unrelated part of the world changes size. One instance is reseeded over and
 * over rather than allocated per subscriber-day.
 */
public final class Rng {

    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** Restarts the stream from a new seed. */
    public Rng reseed(long seed) {
        this.state = seed;
        return this;
    }

    /** The SplitMix64 finalizer: a strong 64-bit mixing function. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Hash of a sequence of values, order-sensitive. */
    public static long hash(long... values) {
        long h = 0x9E3779B97F4A7C15L;
        for (long v : values) {
            h = mix(h ^ mix(v + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /** Uniform in [0, 1) derived from a hash value. */
    public static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    public double nextDouble() {
        return unit(nextLong());
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) ((nextLong() >>> 33) % bound);
    }

    /** Uniform in [lo, hi] inclusive. */
    public int between(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    public boolean chance(double p) {
        return nextDouble() < p;
    }

    public double gaussian() {
        double u1 = Math.max(nextDouble(), 1e-300);
        double u2 = nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Lognormal with the given median and log-space standard deviation. */
    public double lognormal(double median, double sigma) {
        return median * Math.exp(sigma * gaussian());
    }

    /** Poisson by inversion for small means, normal approximation above 30. */
    public int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * gaussian()));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = nextDouble();
        while (p > l) {
            k++;
            p *= nextDouble();
        }
        return k;
    }
}
