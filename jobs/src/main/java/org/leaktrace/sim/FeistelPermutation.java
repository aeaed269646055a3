package org.leaktrace.sim;

/**
 * A keyed bijection on [0, n): a balanced Feistel network on the next even power of two, with
 * cycle walking to stay inside the range. Lets the world map ids to numbers and back without
 * storing either table.
 */
final class FeistelPermutation {

    private static final int ROUNDS = 4;
    private final int n;
    private final int halfBits;
    private final int halfMask;
    private final long key;

    FeistelPermutation(int n, long key) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive");
        }
        this.n = n;
        int bits = Math.max(2, 32 - Integer.numberOfLeadingZeros(n - 1));
        if (bits % 2 == 1) {
            bits++;
        }
        this.halfBits = bits / 2;
        this.halfMask = (1 << halfBits) - 1;
        this.key = key;
    }

    int forward(int x) {
        checkRange(x);
        int y = x;
        do {
            y = encrypt(y);
        } while (y >= n);
        return y;
    }

    int inverse(int y) {
        checkRange(y);
        int x = y;
        do {
            x = decrypt(x);
        } while (x >= n);
        return x;
    }

    private void checkRange(int v) {
        if (v < 0 || v >= n) {
            throw new IllegalArgumentException(v + " outside [0, " + n + ")");
        }
    }

    private int round(int half, int r) {
        return (int) (Rng.hash(key, r, half) & halfMask);
    }

    private int encrypt(int v) {
        int l = v >>> halfBits;
        int r = v & halfMask;
        for (int i = 0; i < ROUNDS; i++) {
            int t = l ^ round(r, i);
            l = r;
            r = t;
        }
        return (l << halfBits) | r;
    }

    private int decrypt(int v) {
        int l = v >>> halfBits;
        int r = v & halfMask;
        for (int i = ROUNDS - 1; i >= 0; i--) {
            int t = r ^ round(l, i);
            r = l;
            l = t;
        }
        return (l << halfBits) | r;
    }
}
