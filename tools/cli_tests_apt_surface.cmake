# `heteroscope apt proxigram|clusters`: usage errors, an unknown element, and both analyses on the
# small apt-nmc811 sample (seed 1): the Mn surface's closed component around the largest inclusion
# (truth: centre -10.7, -22.7, 72.8 nm, radius 4.7 nm), the CSV columns, and a cluster table.
hs_cli_test("apt proxigram without --element" TRUE "missing --element" apt proxigram x.zarr --level 12 -o p.csv)
hs_cli_test("apt proxigram without --level" TRUE "missing --level" apt proxigram x.zarr --element Mn -o p.csv)
hs_cli_test("apt proxigram with a bad sigma" TRUE "--sigma needs S or SX,SY,SZ" apt proxigram x.zarr --element Mn --level 12 --sigma 1,2 -o p.csv)
hs_cli_test("apt proxigram with a zero bin" TRUE "--bin needs a length in nm above 0" apt proxigram x.zarr --element Mn --level 12 --bin 0 -o p.csv)
hs_cli_test("apt clusters without --species" TRUE "missing --species" apt clusters x.zarr -o c.csv)
hs_cli_test("apt clusters with a negative envelope" TRUE "--envelope needs a length in nm, 0 or more" apt clusters x.zarr --species Mn --envelope -1 -o c.csv)
hs_cli_test("apt clusters with nmin 0" TRUE "--nmin needs a whole number above 0" apt clusters x.zarr --species Mn --nmin 0 -o c.csv)
hs_cli_file_test("apt proxigram and clusters on the apt-nmc811 sample"
  "Mn at 12 at\\.%, 100000 ions: [0-9]+ triangles.*closed: centre -1[01]\\.[0-9]+, -2[23]\\.[0-9]+, 7[23]\\.[0-9]+ nm.*wrote px\\.csv.*CSV bin_start_nm,bin_end_nm,distance_nm,ions,atoms,Li_count,Li_at%,Li_sigma_at%.*Mn_at%.*[1-9][0-9]* clusters of at least 15 solute ions \\(d_max 2 nm\\).*wrote c\\.csv.*TABLE id,solute_ions,ions,x_nm,y_nm,z_nm,radius_of_gyration_nm,Li_count,Li_at%.*the range table has no element \"Xx\".*exit 1"
  "cd $(mktemp -d) && ${HS_CLI} sample apt-nmc811 --size small -o apt.zarr >/dev/null && ${HS_CLI} apt proxigram apt.zarr --element Mn --level 12 --sigma 2 --min-atoms 0.05 -o px.csv && echo CSV $(head -1 px.csv) && ${HS_CLI} apt clusters apt.zarr --species Mn --dmax 2 --nmin 15 --envelope 1 -o c.csv && echo TABLE $(head -1 c.csv) && ${HS_CLI} apt proxigram apt.zarr --element Xx --level 5 -o q.csv; echo exit $?")
