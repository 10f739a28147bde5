//! 240 random cases EVAL'd in redis-server 7.0.15 (a table of hex lines), apart
//! because the table alone is most of its length.

use super::*;

/// Random cases (subjects of a few bytes, patterns of a few pieces of the pattern
/// language, broken ones included), each EVAL'd in redis-server 7.0.15, as
/// `kind<TAB>subject hex<TAB>pattern hex<TAB>arguments<TAB>result`; the arguments:
/// find `init plain`, match `init`, gsub `replacement-hex n` (`-`: no n). 65,000 of
/// them agreed at fuel slices of 1, 3 and unlimited; these 240 stay as a check.
const RANDOM_CASES: &str = r##"
find	2e2e62295b5d80292d	20282a2e	-1 0	nil
match	6261007828	2e	5	"("
match	6220	5b612d635d	0	"b"
gsub	00616162622829	5b5e615d2e2b00	25 -	"\000",1
match	62206262286128280061	5b5e615d2a	-2	"\000"
gmatch	29626161	62615b612d635d2d	-	"ba"
gsub	61292820616229622e62	25665b25775d25665b25775d5b61625d257a	3c25313e 0	"a)( ab)b.b",0
match	786261616129202020	2e	4	"a"
match	205d802d2e5b255d	252e2828295b	2	E:malformed pattern (missing ']')
gmatch	292078282962	62	-	"b"
match	61622800622e62	25772b	6	"b"
find	290020200078286228	-	-4 0	6,5
match	2d6225615e5e8020805b	25665b25775d62	2	"b"
find	006129622861622862	-	5 0	5,4
gsub	61616129612029	25255b25615f5d622d2a	2525 -	"aaa)a )",0
gmatch	28622e2962	3f	-	
find	20805e	2e5e	-3 0	2,3
gsub	2929616262002862	6161295b2829	 2	"))abb\000(b",0
match	62612878292e612e2978	252e	5	"."
match	28	2e00	-4	"("
gsub	2029295b5e2520	20785e24	2829 -	" ))[^% ",0
find	7878786262786229	-	9 0	9,8
find	2062007861616129	61612a	-2 0	7,7
match	6161006228	5b5e615d202d24	-3	"("
gsub	2962296100612e6128	002d0028292573	 -	")b)a\000a.a(",10
match	622e61297861622062	5b612d635d	5	"a"
match	28202828	5b5e25615d	-2	"("
gmatch	29282e612828	612a	-	"";"";"";"a";"";"";""
gmatch	78292e6161296100622e	5b612d635d25253f	-	"a";"a";"a";"b"
find	00286261292061	-	5 0	5,4
find	62	25312b2961	1 0	E:invalid capture index
gmatch	5d802e615b5e	5b5d2a615b5e25615d	-	"]";"a";"[";"^"
find	002978622e	2e2d253125772b252564	-2 0	E:invalid capture index
gsub	00205b25	25772b	2525 0	"\000 [%",0
gmatch	7829	2e	-	"x";")"
find	6261002e6228296220	5b5e615d2b2531257a	-3 0	E:invalid capture index
gsub	2e786262626162	62	2561 0	".xbbbab",0
find	61296129	-	-1 0	4,3
gsub	5e5e246162625d2e6162	62243f2e25622829	3c25313e 0	"^^$abb].ab",0
find	786262612929	-	-3 1	4,3
match	2529295e	5b2573	0	E:malformed pattern (missing ']')
gmatch	00245e	2e	-	"\000";"$";"^"
find	2e	-	6 0	2,1
gsub	62622961282e6129002e	-	2530 -	"bb)a(.a)\000.",11
gsub	282e	2d25622829	2829 2	"(.",0
find	61296162282829	62	-4 0	4,4
find	622e62616261	-	4 0	4,3
find	626178	-	5 0	4,3
gsub	20612862787828	25253225622829	2829 1	" a(bxx(",0
find	80	-	12 0	2,1
match	286262612928296161	25665b25775d2e	3	"a"
find	2029	-	5 0	3,2
match	78296120	25612573	0	"a "
gsub	0025002e80205e78	5b25615f5d78	2561 -1	"\000%\000.\128 ^x",0
find	-	28	2 0	E:unfinished capture
match	285e5d6261292d29295b	2561	0	"b"
gsub	612d	252e	78 -	"a-",0
match	282962782062786129	5b61625d	-2	"a"
gmatch	5d61	5b5e25615d5b24253225665b615d	-	"]a"
match	2061006228286128	2e2d24	8	"("
gmatch	282961296229	5b252b	-	E:malformed pattern (missing ']')
find	78622820610028616120	285b5e25615d2a6129	9 0	9,9,"a"
gmatch	6161627828622929	2d3f61	-	"a";"a"
gsub	61296100	6228292e2d	2525 -1	"a)a\000",0
gsub	62	612a205b29	2530 -	"b",0
match	612d805d2478	5b5e2e2d78	6	E:malformed pattern (missing ']')
find	-	2829	-1 0	1,0,1
gsub	-	25622829	 1	"",0
match	626162292061	2573256228295b25615f5d5d612a	1	nil
match	2d8000	2e2d25005b5b	-4	E:malformed pattern (ends with '%')
gmatch	29206129	25665b615d25665b615d2e	-	"a"
match	622861292e2829	3f3f5b612d635d	2	"a"
find	29002e	00	0 0	2,2
gsub	7820	5b25615f5d295b622532	 0	"x ",0
gsub	61622e	282961	25 1	"\000b.",1
gmatch	62290029622e0062	25772b	-	"b";"b";"b"
gmatch	28616128617800	5b612d635d	-	"a";"a";"a"
gmatch	62786220	2e2025315b61625d62	-	E:invalid capture index
match	6261	282929	8	E:invalid pattern capture
gmatch	24785e2d78295e0025	25315b25615f5d20	-	E:invalid capture index
gmatch	2e782878782828	2e24	-	"("
match	286228296120	2e2b	-4	"()a "
match	2d785d2529242e2e78	295d	-3	E:invalid pattern capture
gmatch	28	5b5e25615d	-	"("
gmatch	7861255b5b	612a	-	"";"a";"";"";"";""
find	290078200000	-	-4 0	3,2
match	292580245b5d0000	5b5e25615d	7	"\000"
match	2828282e2978622829	2a2a	9	""
gmatch	7862626262206262292e	2573	-	" "
match	006229782962626261	5b61625d	-2	"b"
gmatch	6228282e612961616262	6161	-	"aa"
gmatch	-	25	-	E:malformed pattern (ends with '%')
find	202d5d5e62242e255d	62	3 0	5,5
gsub	78	2b257a28	2531 -1	"x",0
gmatch	5d2020002d2861	61	-	"a"
gsub	5e252525256125	25665b615d255b5e615d25255b5d5d	2525 -	"^%%%%a%",0
gsub	627861006220622020	5b5e25615d2562282925772b20	2532 1	"bxa\000b b  ",0
find	20202e2929	-	5 1	5,4
gmatch	5d2d5b2d207825	20612a	-	" "
gsub	6262782861626228	20	2829 1	"bbx(abb(",0
gsub	00616129	252e00	2531 -	"\000aa)",0
find	6261	-	6 1	3,2
find	78200000252d5d61	-	9 0	9,8
gsub	29005e2e255e2d62	5b5e615d3f78	25 1	")\000^.%^-b",0
gmatch	6261	61	-	"a"
find	622829	-	9 1	4,3
gmatch	2e616229	61	-	"a"
gmatch	292e622829782928	62	-	"b"
gsub	7828	25315b61625d2e29	2829 0	"x(",0
gmatch	8061292d2d62292462	5b5e25615d	-	"\128";")";"-";"-";")";"$"
match	2928286261292e617828	5b612d635d	1	"b"
gsub	5e62	25622829	2531 2	"^b",0
match	78612d6124	5b5e25615d5b61625d613f5b5e25615d	1	"-a$"
find	6161	612a	-1 0	2,2
gsub	206262	-	2530 0	" bb",0
gmatch	2e5d25	2e2532257a	-	E:invalid capture index
gsub	00615b782e292925	2564282928	2561 -	"\000a[x.))%",0
gmatch	62616262786162782e	62612e00	-	"bab"
match	296229292828622062	25772b	0	"b"
match	2d7820802d7824	2e2e2d	7	"$"
find	5b78292800	-	10 0	6,5
gsub	786120282061286261	28295b61625d2561	2532 -	E:invalid capture index
find	28006261	-	-1 0	4,3
gsub	78786162622861622829	20612e00	2829 -1	"xxabb(ab()",0
find	6229626162282961	-	11 1	9,8
gmatch	622562252020202029	5b25615f5d253125252a5b5d5d	-	E:invalid capture index
match	62616161280000612829	2561	5	"a"
match	292878202828292862	62	-2	"b"
gmatch	61622861622e28612061	62	-	"b";"b"
find	29616261202e2928	-	6 0	6,5
gsub	-	5b5e615d62240061	2561 -	"",0
gsub	5b5b245b24802400	-	2829 2	"()[()[$[$\128$\000",2
gsub	805e78242d5e625d285d	-	 -	"\128^x$-^b](]",11
gsub	802e5e	2561	 0	"\128.^",0
gmatch	25	5e	-	
gmatch	00622828	5b5e615d5b5e25615d00	-	"b("
gmatch	29	5b5e615d	-	")"
find	5e782d	-	9 0	4,3
gsub	2e28008020	252e5b5e25615d	2561 -1	".(\000\128 ",0
gmatch	292000626229	2573	-	" "
gsub	61622929282062622861	256228292d252e	2532 0	"ab))( bb(a",0
gmatch	2862	6229242e2d2b	-	E:invalid pattern capture
match	0062786161616161	2e	8	"a"
gsub	7828297861615e	5b25615f5d5b5e615d24	 -1	"x()xaa^",0
gmatch	2d785d5d2529782e5e	78003f5b25615f5d	-	"x";"x"
match	2961002061007828	2e	5	"a"
gsub	7800	625d	3c25313e -	"x\000",0
match	61626220612028612029	5b2573205b5e615d	3	" "
match	782828296200297861	2b	2	nil
match	002800617861296128	25732d5b61625d	0	"a"
gmatch	5e2978622e78785e2e5d	28292924	-	E:invalid pattern capture
match	6128626278	297825312d78	10	E:invalid pattern capture
find	006278782862	-	4 1	4,3
gmatch	20616162296100616129	61	-	"a";"a";"a";"a";"a"
gmatch	206120785e008080	2928292d29	-	E:invalid pattern capture
find	29612e282e29622929	28292e	0 0	1,1,1
find	28612928282900	-	6 1	6,5
find	616178616129626200	-	3 1	3,2
match	282961612929612e62	292d	2	E:invalid pattern capture
gsub	620062	252e	3c25313e 2	"b\000b",0
find	622828002e	-	11 0	6,5
gmatch	28282962627861286200	5e2a2e2531	-	E:invalid capture index
gmatch	5e2d005e25808062	2e0000	-	"^";"-";"\000";"^";"%";"\128";"\128";"b"
gsub	61292878782061	-	2531 -	"a)(xx a",8
find	61	62	2 0	nil
find	5e005e612e	-	-2 0	4,3
gmatch	6178782d2928785e25	783f5b25615f5d2e3f	-	"ax";"x-";"x^"
gsub	6261	-	78 2	"xbxa",2
find	6180295d5e6125	-	-4 0	4,3
gsub	7862200062	2e2d25732e5b25615f5d257a	25 -	"xb \000b",0
find	282e622e62296262	-	6 0	6,5
find	2020	-	2 1	2,1
find	62290029612029296162	-	9 1	9,8
match	626128	28	9	E:unfinished capture
gmatch	00	2a256228292b622b	-	
gmatch	62	6200	-	"b"
gmatch	2028616278	61	-	"a"
find	62612e6261	61	5 0	5,5
match	612028626200	2573	1	" "
match	2d	2e28293f5b61625d2e2d	1	nil
gmatch	282961	5b5e615d005b25615f5d25252525	-	"(";")"
match	2900297862612e206162	5b5e615d6100	8	" a"
match	5b	5b25322829252e2561	8	E:malformed pattern (missing ']')
gmatch	0029	5d	-	
find	6200627861	25315d2829	6 0	E:invalid capture index
gmatch	6229	5b5e615d	-	"b";")"
find	61296200612e28612e	2e2d5b61625d	1 0	1,1
gsub	282e00292829	-	25 0	"(.\000)()",0
find	62295b61255b782e	5b5e25615d	7 0	8,8
gsub	62282e2e78616262	28622e5b61625d	2532 -	"b(..xabb",0
match	61612862612928616220	2920	11	E:invalid pattern capture
gsub	00202d205e5d808061	3f2829	2525 1	"\000 - ^]\128\128a",0
gmatch	616200006200	5b5e615d	-	"b";"\000";"\000";"b";"\000"
find	5d625b	-	6 1	4,3
gsub	78	282925622829257a7861	3c25313e -1	"x",0
gsub	6262612929	-	78 0	"bba))",0
gmatch	2e295e2e5d206225	2525005b5e25615d242d	-	"%"
match	24612062788062	5b5e615d785b5e615d	0	"bx\128"
match	62627800296229	5b612d635d	4	"b"
match	622e282e612829	2e	4	"."
match	29626278	2532	10	E:invalid capture index
find	2900	2d5b25615f5d	1 0	nil
find	61282028	-	5 0	5,4
match	785d615d28	5b61625d	2	"a"
find	61	-	2 0	2,1
gmatch	2d24005b005d206129	5b5e25615d	-	"-";"$";"\000";"[";"\000";"]";" ";")"
match	2e28626120612828	2e2d25772b2561	0	".(ba"
match	00	28	11	E:unfinished capture
find	62622020297861	25642d25645b61625d	-1 0	nil
gmatch	6262622920202061	5b5e25615d	-	")";" ";" ";" "
match	2e286220002920626178	612a	9	"a"
gsub	29626128616178	2b	 -1	")ba(aax",0
gsub	805e2d5b802d298020	2a5d2532	 0	"\128^-[\128-)\128 ",0
gsub	5d5e2e	2a	2525 1	"]^.",0
match	29282e61626178	78	6	"x"
gmatch	7861612900	61	-	"a";"a"
match	29202828206262622920	2e	0	")"
gsub	622e	5b5e25615d29	78 -	E:invalid pattern capture
gmatch	62	5b	-	E:malformed pattern (missing ']')
find	62006228612929	-	9 1	8,7
match	292800292e2928282862	256128	-1	E:unfinished capture
gmatch	007861285e5d2080	5b5e615d	-	"\000";"x";"(";"^";"]";" ";"\128"
gmatch	2e622e62296129286261	625b5e615d	-	"b.";"b)"
gmatch	5b2862285d002e	25612a	-	"";"";"b";"";"";"";"";""
match	7862620061296162	5b5e615d	-1	"b"
match	287829	5b5e615d2a25772b	-3	"(x"
gmatch	2061622e622861626129	2562616225312d2a2a	-	E:invalid capture index
match	2920616229006229	25312a	11	E:invalid capture index
gmatch	29616128	2e2d2e2d5b28295b5e25615d	-	")";"a";"a";"("
gsub	5e785b2e5b2080	5b6128	2532 -	E:malformed pattern (missing ']')
match	62252d	62002573	1	"b"
find	5b	28295b	-3 0	E:malformed pattern (missing ']')
match	786261202862	612a62	-1	"b"
find	20616278	5b5e615d25322a6261	0 0	E:invalid capture index
gsub	-	29	 -	E:invalid pattern capture
gsub	296229	2532	78 -	E:invalid capture index
match	00296228622e78296228	2e253125772b2e2e	8	E:invalid capture index
gsub	-	-	2829 2	"()",1
match	006128	2e5b5e615d2a	-2	"a("
gsub	005b625e2425282d2528	5d2e2d2b	2561 -	"\000[b^$%(-%(",0
"##;

#[test]
fn random_cases_as_redis() {
    let hex = |h: &str| -> Vec<u8> {
        let h = if h == "-" { "" } else { h };
        (0..h.len() / 2)
            .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).expect("hex"))
            .collect()
    };
    let mut count = 0;
    for line in RANDOM_CASES.lines().filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 5, "{line}");
        let (s, p) = (hex(f[1]), hex(f[2]));
        let args: Vec<&str> = f[3].split(' ').collect();
        for &slice in FUELS {
            let got = match f[0] {
                "find" => {
                    let init = args[0].parse().expect("init");
                    find(Kind::Find, &s, &p, init, args[1] == "1", slice)
                }
                "match" => find(Kind::Match, &s, &p, args[0].parse().expect("init"), false, slice),
                "gmatch" => gmatch(&s, &p, slice),
                "gsub" => {
                    let n = (args[1] != "-").then(|| args[1].parse().expect("n"));
                    gsub(&s, &p, &hex(args[0]), n, slice)
                }
                other => panic!("{other}"),
            };
            assert_eq!(got, f[4], "{line} at fuel {slice}");
        }
        count += 1;
    }
    assert_eq!(count, 240);
}
