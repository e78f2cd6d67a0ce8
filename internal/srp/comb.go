package srp

import (
	"math/big"
	"sync"
)

// powG computes g^e mod N for the exponents this package draws or hashes
// (a and b: 1024 bits; x: 256 bits) with a fixed-base comb (Lim and Lee,
// "More flexible exponentiation with precomputation", CRYPTO '94): the
// exponent's 1024 bits are read as 8 rows of 128, and column by column the
// result is squared and multiplied by a precomputed product of the powers
// g^(2^(128 i)) the column selects. That is 127 squarings and at most 128
// multiplications, where a square-and-multiply exponentiation (big.Int.Exp)
// needs 1024 squarings: about a third of the time for A = g^a and
// B = k*v + g^b. The 255 products are computed once, on first use (about
// 250 multiplications, 100 KB), from the row bases below; a larger exponent
// falls back to big.Int.Exp. Like big.Int.Exp, this is not constant-time.
func powG(e *big.Int) *big.Int {
	if e.BitLen() > combRows*combCols {
		grp := theGroup()
		return new(big.Int).Exp(grp.g, e, grp.n)
	}
	c := theComb()
	n := theGroup().n
	z := big.NewInt(1)
	t, q := new(big.Int), new(big.Int)
	started := false
	for col := combCols - 1; col >= 0; col-- {
		if started {
			t.Mul(z, z)
			q.QuoRem(t, n, z)
		}
		j := 0
		for i := range combRows {
			j |= int(e.Bit(i*combCols+col)) << i
		}
		if j != 0 {
			t.Mul(z, c[j])
			q.QuoRem(t, n, z)
			started = true
		}
	}
	return z
}

const (
	combRows = 8
	combCols = 128
)

// theComb holds, at index j, the product of g^(2^(128 i)) mod N over the
// bits i set in j.
var theComb = sync.OnceValue(buildComb)

func buildComb() *[1 << combRows]*big.Int {
	n := theGroup().n
	var rows [combRows]*big.Int
	rows[0] = theGroup().g
	for i, h := range combRowHex {
		v, ok := new(big.Int).SetString(h, 16)
		if !ok {
			panic("srp: a comb row does not parse") // a constant: cannot happen
		}
		rows[i+1] = v
	}
	var table [1 << combRows]*big.Int
	table[0] = big.NewInt(1)
	t, q, r := new(big.Int), new(big.Int), new(big.Int)
	for j := 1; j < len(table); j++ {
		low := 0
		for j>>low&1 == 0 {
			low++
		}
		rest := j & (j - 1)
		if rest == 0 {
			table[j] = rows[low]
			continue
		}
		t.Mul(table[rest], rows[low])
		q.QuoRem(t, n, r)
		table[j] = new(big.Int).Set(r) // 384 bytes, not the product's 768
	}
	return &table
}

// combRowHex holds g^(2^(128 i)) mod N for i = 1 to 7, which
// TestCombRowsArePowersOfG recomputes.
var combRowHex = [combRows - 1]string{
	// 2^(2^128) mod N
	"8c91af84249658896165e3e190488d84241d642b509d63551e46eb58c5d315bc3c8886c34fcdbd10882dd3d7dfda5d40" +
		"7cc80cf6c9fc8fb6cb36c9e366b3c2ae3704ee863a08d0d82b5bce7d2e6efe1667dd7a68cb5328855c156d8e35984ded" +
		"8ec26c97cf92adba6c1c5718cd07cbbb7d099337e9304777e11f37a36c2851eeb66a3f6bd44d67b93a3a6937ec493ea1" +
		"731c25c7132cbb3bf82217c356d51e0920c7429d710876de0dabc1bcd4c0b12136379df592b6aadd3488dd384aae221e" +
		"49d4dde76db6c02a24f6e636fe6c53f2ae84e252731dec6f2716d511f1fc49f937fd3b99326b123667d61a3f215b70c8" +
		"a1a0b46128e58c0b0bb171831fa772901bba3874faf37f31ba5887f8facb8bd3ce99c20cf52160c226dfa867b942473b" +
		"52d884922940a49ca0e2ed2e09a786f73f2dc7d6163d3e2ae0b94ebc038f0327705377c48cfc21817950c9847526707a" +
		"7d737601b2195e10db219bd9c0e3771f2fd832038c8f9245e855efaf433c487a1f2eea103873d7684f9088e07806734a",
	// 2^(2^256) mod N
	"c8be99f3d54d5ad0bd02283135f14fc354362d7b6f62bd2b0cbdb784def4b49b984691eedfb837e67fd1a1217b2bac44" +
		"566329bafc322074a7d1e447c90b393256f879f75cdc0fd99824d80593a1c08b4745fbdbd72c947f92927d0668bdcdd9" +
		"34284f0465c484ce638a724e02731827fc1453d3305f4b1a4697127a2f4babedcbbb9583663ac4da699eb3951e9f85f9" +
		"43362374f229e189eb3802c66268e516f0d842f9fb19659eadf08f3e67fb4f0464b07e310f561aa177a773caf657408a" +
		"ba80e90d9dc520ebb3ed104ab7a72650b373c6d96a80093b3ccd1d2f02e343de0b37c7f242d2b300a82e5f662eefb242" +
		"8c038cc88751e2cd3a80e4e7a0e5157d9314215b1b2bcc95ffa475dd2d857fc13514011ed25a1082e03f5932534a83d3" +
		"47f9931fc823c8b9296ba9427bbc241f092117f226b9cdb7e5bb5775c6da162e646d4bc1540713d76c91ae7217890c7d" +
		"f67638ae648151dbb696af70168441d75ae68bc3da5a4f1806c8c9352f11ceb4f8161dfe9394f8995f13516a40c6f15f",
	// 2^(2^384) mod N
	"06ce2124ac8504f2cf5c5db08bbf12d3b30039e4545ae508cb0d3f77e2a53673561253e79f27e68537872562db23f2eb" +
		"fe2b8ed37ed45751df90bbc913d6a05cf01e0d6d369f7bd5ae7d4544697940e0812213ad41d26cda8a35a938bdb631a6" +
		"bbed607caa08024b854e58b88e5dbc5f0659ce9e6d29d85b2bf7e5c40d1bae48108496674657a097ccdfbbf20d945084" +
		"d91fc59651112f89bb21d48ddefb77206e4c7079cdfdbb625a17453b45654e9f4c13827d96915928a601701a81fe793b" +
		"75a9afd1e8a665a54136986d6857233ec794cd7fd39bfd5ec3f8f41f8f683c4071e5d4d86a409efdea6b8d4ab5934b7e" +
		"8dba3c00ff8ff9625cc325190c063471ebf9da16cfc4f1f954a5a1df3dd51907ed02ac9f0a00a9472f4bec9e5f7960b6" +
		"877479a3bfefbe52ac8b4becf42d85de5168ca43b0a25048fb83187f158b8f001658c5bee1a9c7469583a12b8666ef09" +
		"8ecae1d04661e79626913352a84b350768a19107eb50fbb09d02742ab8d5dddb057ce06ff3cf7fdc27d986ce27e17e20",
	// 2^(2^512) mod N
	"cedba5e798c6df14275244ff17332131382f10b3921b2f83e1df46efd383b408cda7a6d4c61b47d27d037a94106d752c" +
		"2e4ed1caa8c782d24b0e5b025fced3dae6a711139562358910e6752d1bdb97bae370917174ed455dc232d6a6803323ed" +
		"fd706c995918ae9a20521f1c0e5c5352e7ab5587305e981f000fd1e16b65d9660c4ed419333601e9bf98604a84e4a63e" +
		"2f24922dbe454402d18edfec7be64e7e84839563c1b8ddb46b47d5e83796a71a36eddc598797889fdd3a5e356d95082b" +
		"dec3bd28ffd44ace2238f73acd5ab9f4138f558c0e040631779f00b68c17e030b60f174340480092358e0ff64e91d8bd" +
		"37f45b155e6a721b69752c2504a951f22436f47f593027c5c14ee2bb4a5b2af36e441000b44a9cc9779b0d3e14f9591c" +
		"d3b0a333f75681e35d9a5786b0cb8aee1121393f06ab24e1bef679ac27bd927b1ccc63b29578ee29995e23450b042e0f" +
		"ddb655c0e659bf199158198669ed794c3df8a248ece01371d3f16b443d37848b268bba3b7434e53f0fc13a7c4114aa1a",
	// 2^(2^640) mod N
	"121b0649cea0880fd96cc70b68d5ee03661cc3985f94912ab2a7a2ced3873e5b54369d1cae20ab5db9fe5d8bfc0280fb" +
		"29e5274f2fb7921dffda29a95b8f63ea523b596cc15e88baf6c0cce9f4f8357eb621e2d391ff98bd6a331c1c2d94942d" +
		"a6e45a91a8744589fca046de97ceb88d94869ce77e419d176ef4b2c94073864ceec3f1ec2f8ac7cd410ec59e00415985" +
		"cb73dc129591ccfd6dd395109a10ae252cd2dd08cb2acb78bccca355fb253bfe0bb40d37bc57e926d3e0cf5adb9df00a" +
		"b3c33d63bc64cf02cec39e54a776da0e7831fcc7a35c1ba3b2eb8de304e5db8b677aa08f7be3f272d97cf80a76219a0d" +
		"5bdf551c1547f53621943f8be89b665e4cfc25a63cf7035fd2e49a3cb028e6e5f8a50255f83f68faae31a8fbbd309835" +
		"3ba1be8308c70775b3d8e314295a981892c739b8bc0a9ef1c4f1ad8ce4089b27f3504be708989e1c1a6eec6214c9822f" +
		"83dd08cabdeeb38ddf62c0b555425fa58db88510bb9a9cdd531407929592f500af3f9c5af3765fa2c930c6afd58de4fc",
	// 2^(2^768) mod N
	"44fc639b3dee08f5c3425e4d4f76ddf69554bac287f0a21be24873ced6dee8cea1918df7b1eaede1e780af945c8afa70" +
		"eafd08e50dc3a7e9c3e6872237778bf66a28f7daaf3ae0dedb616aa03d25292de521a67de11a2bb83e782c62d0428228" +
		"7652c87b06d22186effa67b9d63f897225771f88cc7f2d278bbdede2a71ec9dc92ec9e885006c6c74b20fc8075b1f1c8" +
		"137a53a178adb7748f6535c80f83128cfe53f72b8e0bc3e3d4e225d90be07c2a7daec97733575e9a65db2efad7531b4d" +
		"c9bc7c807afa3f8d881f59118e07f35606cdd729a7d53524bbef39f57a4b21f8be4c45adfd70f0bf859f50d97c634ca5" +
		"e88b0edcaee04f07b6d0863ca7d90003071a38cd9304f3d9ce54467fc7ec12c804c5bded625533aac4345ac015134570" +
		"a4a511023ec4cbef9369d2544fbbf8c931fbf02182695cee7a983485c1c01c83d179d5408ba6f83c2d0199694d060dc4" +
		"3ea4ba98391c555f86a083bdac3ab0afaf72011f7772fe9779d3b4745fe3c7f42e62f2183d80b42e4f53ba025f3ead05",
	// 2^(2^896) mod N
	"bf1dd4044c8604fa7a9db945631ce30d52d56ceed3290dbd4c2e5af1962227cbdad03238f7f675545ace6e05f422892f" +
		"5777fb59badb1d5e214287fd9df592c874cfe2cfd0f47e978f1b310e44f3975765208575c3acabfe4aa6da689d624eeb" +
		"26896f0c343e6519062ec15cf03c7f7f8e7c6ee044ba3aa41695b99d6d745fb5e8b4927d6950d74ee2cae85a6c15a1b6" +
		"8701998034facb975bd076ace69fcedffafe5f944370a69daa6921e82d94ad31353665caca771cce27031ca01161fa36" +
		"96a9f6a05c0818586c23a1223f6f273b1de8c91031a19da86a5a6a847b74b5924468090765363521c00dc8e7ef5c62ea" +
		"f1f20758f0ee07a91671ceacb004f53da4ef32c34251d881560458175e01b33b2a73a495538d80e1becb2ce4b2cc9c1f" +
		"9165beaba7a7da350b33ea7dc11d094ce1113368ba6892fe833e3f137b1ba856bac91b77b2ed861edcd1b9adab0c98f3" +
		"0da945bef186f607ee63ab3448c958192057ea9fbb3ae746ea87221cd32fffd2cc7450eb740d1f5e165999d7a6e19f6f",
}
