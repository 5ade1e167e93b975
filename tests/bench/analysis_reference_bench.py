# Reference timings for scripts/bench with numpy/scipy/skimage: the segmentation benchmark's volume
# and the same steps as `hs_analysis_bench volume` on it (issue 8), and the atom probe cylinder
# profile and frequency distribution of `hs_analysis_bench apt` on the same ions (issue 9).
#   analysis_reference_bench.py write RAW N   writes an N³ little-endian float32 volume of touching
#                                             balls (core-high values) with noise and a no-data
#                                             (NaN) corner, deterministically
#   analysis_reference_bench.py run RAW N [H] times threshold_otsu, ndimage.label (26), EDT,
#                                             h_maxima (height H, default 2) + label, watershed
#                                             (faces), and a per-particle depth profile (EDT of
#                                             each particle in its box, shells of 1 voxel: count,
#                                             mean, std, median by bincount/lexsort); prints JSON
#   analysis_reference_bench.py apt POS       times, on the ions of POS (written by
#                                             `hs_analysis_bench apt-write`, whose range table is
#                                             repeated below): ranging + the default cylinder's
#                                             profile (radius 12.5 nm, 0.5 nm bins along z), and the
#                                             frequency distribution of every element in blocks of
#                                             100 atoms ordered along z (χ², p-value, Pearson μ)
# Run with Debian's /usr/bin/python3 (numpy, scipy, skimage).
import json
import resource
import sys
import time

import numpy as np
from scipy import ndimage, stats
from skimage.filters import threshold_otsu
from skimage.morphology import h_maxima
from skimage.segmentation import watershed


def write_volume(path, n):
    rng = np.random.default_rng(1)
    radius = n / 12.8  # 20 voxels at 256³; 7 balls per axis at every size
    spacing = 1.8 * radius  # neighbours overlap: touching particles to split
    volume = np.full((n, n, n), 0.2, dtype=np.float32)
    centres = np.arange(radius, n - radius / 2, spacing)
    for cz in centres:
        for cy in centres:
            for cx in centres:
                c = np.array([cz, cy, cx]) + rng.uniform(-0.1, 0.1, 3) * radius
                lo = np.maximum(np.floor(c - radius).astype(int), 0)
                hi = np.minimum(np.ceil(c + radius).astype(int) + 1, n)
                z, y, x = np.ogrid[lo[0]:hi[0], lo[1]:hi[1], lo[2]:hi[2]]
                r = np.sqrt((z - c[0]) ** 2 + (y - c[1]) ** 2 + (x - c[2]) ** 2)
                value = np.where(r <= radius, 1.0 + 0.3 * (1 - r / radius), 0).astype(np.float32)
                box = volume[lo[0]:hi[0], lo[1]:hi[1], lo[2]:hi[2]]
                np.maximum(box, value, out=box)
    for z in range(n):
        volume[z] += rng.normal(0, 0.08, (n, n)).astype(np.float32)
    volume[: n // 8, : n // 4, : n // 4] = np.nan  # no data
    volume.astype("<f4").tofile(path)


class Steps:
    def __init__(self):
        self.seconds, self.cpu_seconds, self.peak_mib = {}, {}, {}
        self.start, self.start_cpu = time.perf_counter(), time.process_time()

    def end(self, name):
        now, cpu = time.perf_counter(), time.process_time()
        self.seconds[name] = round(now - self.start, 4)
        self.cpu_seconds[name] = round(cpu - self.start_cpu, 4)
        self.peak_mib[name] = round(peak_mib(), 1)
        self.start, self.start_cpu = now, cpu


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def depth_profile(labels, volume, shell_width):
    rows = 0
    for k, box in enumerate(ndimage.find_objects(labels), 1):
        if box is None:
            continue
        box = tuple(slice(max(s.start - 1, 0), min(s.stop + 1, n)) for s, n in zip(box, labels.shape))
        inside = labels[box] == k
        shell = np.floor(ndimage.distance_transform_edt(inside)[inside] / shell_width).astype(np.int64)
        values = volume[box][inside].astype(np.float64)
        shells = int(shell.max()) + 1
        valid = ~np.isnan(values)
        s, v = shell[valid], values[valid]
        count = np.bincount(s, minlength=shells)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.bincount(s, v, shells) / count
            std = np.sqrt(np.maximum(np.bincount(s, v * v, shells) / count - mean * mean, 0))
        ordered = v[np.lexsort((v, s))]
        starts = np.concatenate(([0], np.cumsum(count)[:-1]))
        filled = count > 0
        median = np.full(shells, np.nan)
        median[filled] = (ordered[(starts + (count - 1) // 2)[filled]] + ordered[(starts + count // 2)[filled]]) / 2
        rows += shells
    return rows


def run(path, n, h):
    volume = np.fromfile(path, dtype="<f4").reshape(n, n, n)
    baseline = peak_mib()
    steps = Steps()

    threshold = threshold_otsu(volume[~np.isnan(volume)], nbins=256)
    mask = volume >= threshold
    steps.end("otsu_threshold")

    full = np.ones((3, 3, 3), dtype=bool)
    components = ndimage.label(mask, structure=full)[1]
    steps.end("label_26")

    distance = ndimage.distance_transform_edt(mask)
    steps.end("edt")

    markers, marker_count = ndimage.label(h_maxima(distance, h, footprint=full), structure=full)
    steps.end("h_maxima_markers")

    particles = watershed(-distance, markers, mask=mask, connectivity=1)
    del distance, markers
    steps.end("watershed")

    rows = depth_profile(particles, volume, 1.0)
    steps.end("depth_profile")

    print(json.dumps({
        "n": n, "voxels": n ** 3, "otsu_threshold": float(threshold), "components_26": int(components),
        "markers": int(marker_count), "particles": int(particles.max()), "profile_rows": rows,
        "seconds": steps.seconds, "total_seconds": round(sum(steps.seconds.values()), 4),
        "cpu_seconds": steps.cpu_seconds, "total_cpu_seconds": round(sum(steps.cpu_seconds.values()), 4),
        "peak_mib_after": steps.peak_mib, "baseline_mib": round(baseline, 1), "peak_mib": round(peak_mib(), 1),
        "peak_overhead_bytes_per_voxel": round((peak_mib() - baseline) * 2 ** 20 / n ** 3, 2),
        "memory_measure": "python: peak resident set (getrusage ru_maxrss)",
    }))


# hs_analysis_bench's range table: species, centre mass (Da, ranges ±0.2 Da) and atoms in formula
# order as element indices into APT_ELEMENTS (first appearance order, as ElementCounter's).
APT_ELEMENTS = ["Ni", "O", "Li", "Cr"]
APT_SPECIES = [("Ni+", 29, [0]), ("O+", 16, [1]), ("O2+", 32, [1, 1]), ("NiO+", 37, [0, 1]), ("Li+", 7, [2]),
               ("Cr+", 26, [3])]


def species_of(mass):
    """Species index per ion (-1: unranged), the first range containing the mass."""
    species = np.full(mass.shape, -1, dtype=np.int64)
    for index in reversed(range(len(APT_SPECIES))):  # earlier ranges win
        centre = APT_SPECIES[index][1]
        species[(mass >= centre - 0.2) & (mass <= centre + 0.2)] = index
    return species


def atoms_per_species():
    table = np.zeros((len(APT_SPECIES), len(APT_ELEMENTS)), dtype=np.int64)
    for index, (_, _, atoms) in enumerate(APT_SPECIES):
        for element in atoms:
            table[index, element] += 1
    return table


def cylinder_profile(xyz, species, radius_nm=12.5, bin_nm=0.5):
    lo, hi = xyz.min(axis=0).astype(np.float64), xyz.max(axis=0).astype(np.float64)
    centre = (lo + hi) / 2
    length = hi[2] - lo[2] + 2e-6
    d = xyz.astype(np.float64) - centre
    axial = d[:, 2] + length / 2
    inside = (d[:, 0] ** 2 + d[:, 1] ** 2 <= radius_nm ** 2) & (axial >= 0) & (axial <= length)
    bins = int(np.ceil(length / bin_nm))
    b = np.clip(np.floor(axial[inside] / bin_nm).astype(np.int64), 0, bins - 1)
    ions = np.bincount(b * (len(APT_SPECIES) + 1) + species[inside] + 1,
                       minlength=bins * (len(APT_SPECIES) + 1)).reshape(bins, -1)
    atoms = ions[:, 1:] @ atoms_per_species()
    total = atoms.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        fraction = np.where(total > 0, atoms / total, 0)
        sigma = np.sqrt(fraction * (1 - fraction) / total)
    return int(inside.sum()), bins, fraction, sigma


def ordered_atoms(xyz, species):
    """Elements of the ranged ions' atoms, ions sorted (stably) along z, molecules decomposed."""
    ranged = species >= 0
    s = species[ranged][np.argsort(xyz[ranged, 2] - xyz[:, 2].min(), kind="stable")]
    lists = [atoms for _, _, atoms in APT_SPECIES]
    counts = np.array([len(a) for a in lists])[s]
    table = np.full((len(lists), max(len(a) for a in lists)), -1)
    for index, atoms in enumerate(lists):
        table[index, : len(atoms)] = atoms
    ion = np.repeat(np.arange(len(s)), counts)
    within = np.arange(len(ion)) - np.repeat(np.cumsum(counts) - counts, counts)
    return len(s), table[s[ion], within]


def frequency_distribution(elements, element, n=100, min_expected=5):
    blocks = len(elements) // n
    k = np.bincount(np.nonzero(elements[: blocks * n] == element)[0] // n, minlength=blocks)
    observed = np.bincount(k, minlength=n + 1)
    p = k.sum() / (blocks * n)
    expected = blocks * stats.binom.pmf(np.arange(n + 1), n, p)
    merged_o, merged_e, o, e = [], [], 0, 0.0  # merge from the low end until each bin expects >= 5
    for ok, ek in zip(observed, expected):
        o, e = o + ok, e + ek
        if e >= min_expected:
            merged_o.append(o)
            merged_e.append(e)
            o, e = 0, 0.0
    if e > 0 or o > 0:
        if merged_e:
            merged_o[-1] += o
            merged_e[-1] += e
        else:
            merged_o, merged_e = [o], [e]
    merged_o, merged_e = np.array(merged_o, dtype=np.float64), np.array(merged_e)
    chi2 = float(((merged_o - merged_e) ** 2 / merged_e).sum())
    dof = len(merged_e) - 2
    p_value = float(stats.chi2.sf(chi2, dof)) if dof > 0 else float("nan")
    return chi2, p_value, float(np.sqrt(chi2 / (blocks + chi2)))


def run_apt(pos_path):
    baseline = peak_mib()
    steps = Steps()
    records = np.fromfile(pos_path, dtype=">f4").reshape(-1, 4)
    xyz, mass = records[:, :3].astype(np.float32), records[:, 3].astype(np.float32)
    del records
    steps.end("read_pos")

    species = species_of(mass)
    cylinder_ions, bins, _, _ = cylinder_profile(xyz, species)
    steps.end("cylinder_profile")

    ordered, elements = ordered_atoms(xyz, species)
    steps.end("freqdist_order_ions")
    mu = {name: round(frequency_distribution(elements, e)[2], 4) for e, name in enumerate(APT_ELEMENTS)}
    steps.end("freqdist_all_elements")

    print(json.dumps({
        "ions": len(mass), "cylinder_ions": cylinder_ions, "profile_bins": bins, "ordered_ions": ordered, "mu": mu,
        "seconds": steps.seconds, "total_seconds": round(sum(steps.seconds.values()), 4),
        "cpu_seconds": steps.cpu_seconds, "total_cpu_seconds": round(sum(steps.cpu_seconds.values()), 4),
        "peak_mib_after": steps.peak_mib, "baseline_mib": round(baseline, 1), "peak_mib": round(peak_mib(), 1),
        "memory_measure": "python: peak resident set (getrusage ru_maxrss)",
    }))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "apt":
        run_apt(sys.argv[2])
        sys.exit(0)
    raw, size = sys.argv[2], int(sys.argv[3])
    if command == "write":
        write_volume(raw, size)
    elif command == "run":
        run(raw, size, float(sys.argv[4]) if len(sys.argv) > 4 else 2.0)
    else:
        sys.exit("usage: analysis_reference_bench.py write|run RAW N [H] | apt POS")
