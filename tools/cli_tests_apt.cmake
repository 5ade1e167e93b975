# `heteroscope apt`: usage errors, bad stores, an unknown species, and both analyses on the small
# apt-nmc811 sample (the CSV's columns, the printed ratios, chi2, p-value and mu per species).
hs_cli_test("apt without an analysis" TRUE "which analysis\\? \\(profile, freqdist" apt)
hs_cli_test("apt of an unknown analysis" TRUE "unknown analysis 'spectrum' \\(one of profile, freqdist" apt spectrum x.zarr)
hs_cli_test("apt profile without -o" TRUE "missing -o OUT.csv" apt profile x.zarr)
hs_cli_test("apt profile with a bad axis" TRUE "--axis must be x, y or z" apt profile x.zarr --axis w -o p.csv)
hs_cli_test("apt freqdist without --species" TRUE "missing --species" apt freqdist x.zarr -o f.csv)
hs_cli_test("apt freqdist with a block of 0" TRUE "--block needs a whole number of atoms" apt freqdist x.zarr --species Cr --block 0 -o f.csv)
hs_cli_test("apt profile of a missing store" TRUE "/nonexistent/run.zarr: no such store" apt profile /nonexistent/run.zarr -o p.csv)
hs_cli_file_test("apt profile of a group that is no point store" "x.zarr: not a point store.*exit 1"
  "cd $(mktemp -d) && mkdir x.zarr && echo '{\"zarr_format\":3,\"node_type\":\"group\"}' > x.zarr/zarr.json && ${HS_CLI} apt profile x.zarr -o p.csv; echo exit $?")
hs_cli_file_test("apt on the apt-nmc811 sample"
  "Li/\\(Li\\+Ni\\+Co\\+Mn\\) +0\\.[45].*Ni/\\(Ni\\+Co\\+Mn\\) +0\\.[78].*wrote p.csv.*CSV bin_start_nm,bin_end_nm,ions,unranged_ions,atoms,Li_count,Li_at%,Li_sigma_at%.*Cr_at%.*O2\\+/O\\+.*Cr +[0-9]+ blocks of 50 atoms.*chi2 = .*p-value = .*mu = 0\\.9.*Ni +[0-9]+ blocks.*FREQ atoms_per_block,Cr_observed_blocks,Cr_expected_blocks,Ni_observed_blocks.*unknown species 'Xx': the range table has Li, O, Ni, Co, Mn, Cr.*exit 1"
  "cd $(mktemp -d) && ${HS_CLI} sample apt-nmc811 --size small -o apt.zarr >/dev/null && ${HS_CLI} apt profile apt.zarr --axis z --radius 12.5 --bin 1 -o p.csv && echo CSV $(head -1 p.csv) && ${HS_CLI} apt freqdist apt.zarr --species Cr,Ni --block 50 -o f.csv && echo FREQ $(head -1 f.csv) && ${HS_CLI} apt freqdist apt.zarr --species Xx -o g.csv; echo exit $?")
hs_cli_test("apt profile with --bin and --bin-ions" TRUE "--bin and --bin-ions exclude each other"
            apt profile x.zarr --bin 1 --bin-ions 100 -o p.csv)
hs_cli_test("apt profile --help" FALSE "Usage: heteroscope apt profile STORE" apt profile --help)
