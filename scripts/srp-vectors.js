// srp-vectors.js writes the SRP known-answer vectors of internal/srp
// (internal/srp/testdata/vectors.json) as amazon-cognito-identity-js computes
// them. Run it through scripts/srp-vectors.sh, which installs the pinned
// version of the package into .cache/ and passes its directory:
//
//   node scripts/srp-vectors.js <dir holding node_modules/amazon-cognito-identity-js>
//
// For each vector, the package's own CognitoUser.authenticateUser runs the
// USER_SRP_AUTH exchange against a fake service (its client's request
// function is replaced; nothing leaves the process), with two things fixed:
// AuthenticationHelper's private value a (generateRandomSmallA is replaced
// by one returning the vector's 128 bytes) and the clock its DateHelper
// reads (the global Date, when called without arguments, returns the
// vector's time). The vector records what the package sent: SRP_A in
// InitiateAuth, and USERNAME, TIMESTAMP and PASSWORD_CLAIM_SIGNATURE in
// RespondToAuthChallenge, for the right password and for a wrong one.
//
// The fake service's answer (SRP_B from a fixed server value b, SALT,
// SECRET_BLOCK) and the choice of a and b come from a second, independent
// implementation here (Node's BigInt and crypto): a and b are drawn from a
// SHA-256 counter until the values have the hex shapes a vector asks for
// (an odd number of digits, the top bit set, ...), so that the padding
// rules are exercised. The script fails if that implementation and the
// package disagree on u, S or the key. Everything is deterministic: the
// same package version writes the same file.
'use strict';

const crypto = require('crypto');
const path = require('path');

const VERSION = '6.3.21';

const dir = process.argv[2];
if (!dir) {
	console.error('usage: node scripts/srp-vectors.js <dir holding node_modules/amazon-cognito-identity-js>');
	process.exit(2);
}
const pkgDir = path.join(path.resolve(dir), 'node_modules', 'amazon-cognito-identity-js');
const version = require(path.join(pkgDir, 'package.json')).version;
if (version !== VERSION) {
	console.error(`srp-vectors.js: found amazon-cognito-identity-js@${version}, want ${VERSION}`);
	process.exit(1);
}
const cognito = require(pkgDir);
const AuthenticationHelper = require(path.join(pkgDir, 'lib', 'AuthenticationHelper.js')).default;
const BigInteger = require(path.join(pkgDir, 'lib', 'BigInteger.js')).default;

// ---- the independent implementation (BigInt) ----

const N = BigInt('0x' +
	'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1' +
	'29024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
	'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245' +
	'E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
	'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D' +
	'C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
	'83655D23DCA3AD961C62F356208552BB9ED529077096966D' +
	'670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
	'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9' +
	'DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
	'15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64' +
	'ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
	'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B' +
	'F12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
	'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31' +
	'43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF');
const g = 2n;

function modPow(base, exp, m) {
	let result = 1n;
	base %= m;
	if (base < 0n) base += m;
	while (exp > 0n) {
		if (exp & 1n) result = (result * base) % m;
		base = (base * base) % m;
		exp >>= 1n;
	}
	return result;
}

// padHex as the package documents it, for v >= 0.
function padHex(v) {
	let h = v.toString(16);
	if (h.length % 2) h = '0' + h;
	if (/^[89a-f]/.test(h)) h = '00' + h;
	return h;
}

function sha256(...parts) {
	const h = crypto.createHash('sha256');
	for (const p of parts) h.update(p);
	return h.digest();
}

const big = (buf) => BigInt('0x' + (buf.length ? buf.toString('hex') : '0'));
const k = big(sha256(Buffer.from(padHex(N) + padHex(g), 'hex')));

function computeX(poolName, userId, password, salt) {
	const inner = sha256(Buffer.from(`${poolName}${userId}:${password}`, 'utf8'));
	return big(sha256(Buffer.from(padHex(salt), 'hex'), inner));
}

function computeU(A, B) {
	return big(sha256(Buffer.from(padHex(A) + padHex(B), 'hex')));
}

// deterministic bytes: SHA-256 in counter mode over a label.
function detBytes(label, n) {
	const out = [];
	for (let i = 0; out.length * 32 < n; i++) out.push(sha256(`${label}/${i}`));
	return Buffer.concat(out).subarray(0, n);
}

// ---- the shapes a value's hex can have ----

// shape names the padding case of a value: 'odd' (an odd number of hex
// digits: padHex adds a zero nibble), 'high' (the top bit of the first byte
// is set: padHex adds a zero byte), 'plain' (neither).
function shape(v) {
	const h = v.toString(16);
	if (h.length % 2) return 'odd';
	return /^[89a-f]/.test(h) ? 'high' : 'plain';
}

// ---- the vectors ----

const specs = [
	{ name: 'afternoon, one-digit day; A odd, B high, u high', time: '2026-11-03T15:04:05Z', want: { A: 'odd', B: 'high', u: 'high' } },
	{ name: 'morning one-digit hour; A high, B odd', time: '2026-01-05T09:00:07Z', want: { A: 'high', B: 'odd' } },
	{ name: 'midnight hour; S odd, A plain', time: '2026-02-28T00:30:00Z', want: { S: 'odd', A: 'plain' } },
	{ name: 'noon; S high, B plain, u plain', time: '2026-07-19T12:00:00Z', want: { S: 'high', B: 'plain', u: 'plain' } },
	{ name: 'last second of a year; S plain', time: '2025-12-31T23:59:59.999Z', want: { S: 'plain' } },
	{ name: 'leap day at 13:00; salt odd', time: '2024-02-29T13:00:00Z', salt: 'odd', want: {} },
	{ name: 'evening, one-digit day; salt high', time: '2027-09-09T21:45:30Z', salt: 'high', want: { A: 'odd' } },
	{ name: 'salt sent with leading zeros, upper case', time: '2026-10-01T18:08:08Z', salt: 'zeros', want: { B: 'odd' } },
	{ name: 'salt plain', time: '2030-03-07T20:01:02Z', salt: 'plain', want: { S: 'odd' } },
	{ name: 'u with a leading zero byte', time: '2026-05-17T16:30:45Z', want: { uZeroByte: true } },
	{ name: 'A one byte shorter than N', time: '2026-11-23T13:13:13Z', want: { AShortByte: true } },
	{ name: 'alias sign-in: USER_ID_FOR_SRP is the sub', time: '2026-06-06T06:06:06Z', username: 'jane.doe@example.com', userIdForSRP: '7d3f9a12-4b6c-4e8f-9a01-2b3c4d5e6f70', want: { B: 'high' } },
	{ name: 'non-ASCII user ID and password', time: '2026-08-31T22:22:22Z', userIdForSRP: 'Jürgen-用户', password: 'pässwörd-密码-🔑-Ü', want: {} },
	{ name: 'password with colons and spaces', time: '2026-12-25T14:00:00Z', password: 'a:b:c d e: ', want: { S: 'high' } },
	{ name: 'long password and secret block; u odd', time: '2026-04-04T19:59:01Z', password: 'x'.repeat(200) + 'Aa1!', secretBlockBytes: 2048, want: { u: 'odd' } },
	{ name: 'secret block whose base64 ends in one =', time: '2026-03-09T17:17:17Z', secretBlockBytes: 1022, want: {} },
	{ name: 'secret block whose base64 ends in ==', time: '2026-03-01T01:01:01Z', secretBlockBytes: 1021, want: {} },
];

const defaults = {
	userPoolId: 'us-east-1_AbC123dEf',
	clientId: '1example23456789abcdefghij',
	username: 'alice',
	password: 'Correct-Horse-7',
	secretBlockBytes: 1024,
};

function saltHex(spec, label) {
	const raw = detBytes(`${label}/salt`, 16);
	switch (spec.salt) {
		case 'odd':
			raw[0] = 0x0a; // 31 hex digits once read as a number
			return raw.toString('hex').slice(1);
		case 'high':
			raw[0] |= 0x80;
			return raw.toString('hex');
		case 'zeros':
			raw[0] = 0;
			raw[1] = 0x9f;
			return '00' + raw.toString('hex').toUpperCase();
		case 'plain':
			raw[0] = 0x3c;
			return raw.toString('hex');
		default:
			return raw.toString('hex');
	}
}

// search draws a, then b, until the spec's shapes hold: a from the
// counter, then a + 1, a + 2, ... (so that A doubles at each step and the
// search costs one multiplication a step), and b likewise.
function search(spec, v, poolName, userId, password, salt) {
	const x = computeX(poolName, userId, password, salt);
	const verifier = modPow(g, x, N);
	const kv = (k * verifier) % N;
	const w = spec.want;
	const toBytes = (n) => Buffer.from(n.toString(16).padStart(256, '0'), 'hex');
	// the top byte of a start value is cleared so that adding the step
	// count cannot overflow 128 bytes.
	const start = (label) => {
		const raw = detBytes(label, 128);
		raw[0] &= 0x7f;
		return big(raw);
	};
	let a = start(`${spec.name}/a`);
	let A = modPow(g, a, N);
	for (let j = 0; j < 100000; j++, a += 1n, A = (A * g) % N) {
		if (w.A && shape(A) !== w.A) continue;
		if (w.AShortByte && A.toString(16).length > 766) continue;
		let b = start(`${spec.name}/b`);
		let gb = modPow(g, b, N);
		for (let i = 0; i < 100000; i++, b += 1n, gb = (gb * g) % N) {
			const B = (kv + gb) % N;
			if (w.B && shape(B) !== w.B) continue;
			const u = computeU(A, B);
			if (u === 0n) continue;
			if (w.u && shape(u) !== w.u) continue;
			if (w.uZeroByte && u.toString(16).length > 62) continue;
			const S = modPow((A * modPow(verifier, u, N)) % N, b, N);
			if (w.S && shape(S) !== w.S) continue;
			// the client's side must agree
			const Sc = modPow(B - k * verifier, a + u * x, N);
			if (Sc !== S) throw new Error(`${spec.name}: client and server S differ`);
			return { aBytes: toBytes(a), bBytes: toBytes(b), A, B, u, S };
		}
	}
	throw new Error(`${spec.name}: no a, b found with the wanted shapes`);
}

// runPackage runs the package's authenticateUser against a fake service.
function runPackage(vec, password, aHex, timeMs) {
	const RealDate = global.Date;
	const realSmallA = AuthenticationHelper.prototype.generateRandomSmallA;
	const realKey = AuthenticationHelper.prototype.getPasswordAuthenticationKey;
	const seen = {};
	global.Date = class extends RealDate {
		constructor(...args) {
			if (args.length === 0) super(timeMs);
			else super(...args);
		}
		static now() {
			return timeMs;
		}
	};
	AuthenticationHelper.prototype.generateRandomSmallA = () => new BigInteger(aHex, 16);
	AuthenticationHelper.prototype.getPasswordAuthenticationKey = function (username, pw, B, salt, callback) {
		return realKey.call(this, username, pw, B, salt, (err, hkdf) => {
			if (!err) {
				seen.u = this.UValue.toString(16);
				seen.key = Buffer.from(hkdf).toString('hex');
			}
			callback(err, hkdf);
		});
	};
	try {
		const pool = new cognito.CognitoUserPool({ UserPoolId: vec.userPoolId, ClientId: defaults.clientId });
		const user = new cognito.CognitoUser({ Username: vec.username, Pool: pool });
		let answer;
		let failure;
		user.client = {
			request(op, params, cb) {
				if (op === 'InitiateAuth') {
					seen.SRP_A = params.AuthParameters.SRP_A;
					seen.initUsername = params.AuthParameters.USERNAME;
					return cb(null, {
						ChallengeName: 'PASSWORD_VERIFIER',
						ChallengeParameters: {
							USER_ID_FOR_SRP: vec.userIdForSRP,
							SRP_B: vec.SRP_B,
							SALT: vec.SALT,
							SECRET_BLOCK: vec.SECRET_BLOCK,
						},
					});
				}
				if (op === 'RespondToAuthChallenge') {
					answer = params.ChallengeResponses;
					const e = new Error('stop: the vector has what it needs');
					e.code = 'NotAuthorizedException';
					return cb(e, null);
				}
				failure = new Error(`unexpected operation ${op}`);
				return cb(failure, null);
			},
		};
		user.authenticateUser(new cognito.AuthenticationDetails({ Username: vec.username, Password: password }), {
			onSuccess() {
				failure = new Error('unexpected success');
			},
			onFailure(err) {
				if (!answer) failure = err;
			},
		});
		if (failure) throw failure;
		if (!answer) throw new Error('the package sent no RespondToAuthChallenge (it did not finish synchronously)');
		return { ...seen, answer };
	} finally {
		global.Date = RealDate;
		AuthenticationHelper.prototype.generateRandomSmallA = realSmallA;
		AuthenticationHelper.prototype.getPasswordAuthenticationKey = realKey;
	}
}

function makeVector(spec) {
	const vec = {
		name: spec.name,
		userPoolId: spec.userPoolId || defaults.userPoolId,
		username: spec.username || spec.userIdForSRP || defaults.username,
		userIdForSRP: '',
		password: spec.password || defaults.password,
		wrongPassword: '',
		now: spec.time,
	};
	vec.userIdForSRP = spec.userIdForSRP || vec.username;
	vec.wrongPassword = vec.password.slice(0, -1) + (vec.password.endsWith('!') ? '?' : '!');
	const poolName = vec.userPoolId.split('_')[1];
	vec.SALT = saltHex(spec, spec.name);
	const salt = BigInt('0x' + vec.SALT);
	vec.SECRET_BLOCK = detBytes(`${spec.name}/block`, spec.secretBlockBytes || defaults.secretBlockBytes).toString('base64');
	const found = search(spec, vec, poolName, vec.userIdForSRP, vec.password, salt);
	vec.a = found.aBytes.toString('hex');
	vec.b = found.bBytes.toString('hex');
	vec.SRP_B = found.B.toString(16);
	vec.u = found.u.toString(16);
	vec.S = padHex(found.S);
	const keyMine = Buffer.from(crypto.hkdfSync('sha256', Buffer.from(padHex(found.S), 'hex'), Buffer.from(padHex(found.u), 'hex'), 'Caldera Derived Key', 16)).toString('hex');

	const timeMs = Date.parse(spec.time);
	const got = runPackage(vec, vec.password, vec.a, timeMs);
	if (got.SRP_A !== found.A.toString(16)) throw new Error(`${spec.name}: SRP_A differs: package ${got.SRP_A}`);
	if (got.u !== found.u.toString(16)) throw new Error(`${spec.name}: u differs`);
	if (got.key !== keyMine) throw new Error(`${spec.name}: key differs`);
	if (got.initUsername !== vec.username) throw new Error(`${spec.name}: InitiateAuth USERNAME differs`);
	if (got.answer.USERNAME !== vec.userIdForSRP) throw new Error(`${spec.name}: USERNAME answered differs`);
	if (got.answer.PASSWORD_CLAIM_SECRET_BLOCK !== vec.SECRET_BLOCK) throw new Error(`${spec.name}: secret block differs`);
	vec.key = got.key;
	vec.SRP_A = got.SRP_A;
	vec.TIMESTAMP = got.answer.TIMESTAMP;
	vec.PASSWORD_CLAIM_SIGNATURE = got.answer.PASSWORD_CLAIM_SIGNATURE;

	// the independent signature must agree
	const mac = crypto.createHmac('sha256', Buffer.from(keyMine, 'hex'));
	mac.update(Buffer.from(poolName, 'utf8'));
	mac.update(Buffer.from(vec.userIdForSRP, 'utf8'));
	mac.update(Buffer.from(vec.SECRET_BLOCK, 'base64'));
	mac.update(Buffer.from(vec.TIMESTAMP, 'utf8'));
	if (mac.digest('base64') !== vec.PASSWORD_CLAIM_SIGNATURE) throw new Error(`${spec.name}: signature differs`);

	const wrong = runPackage(vec, vec.wrongPassword, vec.a, timeMs);
	vec.wrongPasswordSignature = wrong.answer.PASSWORD_CLAIM_SIGNATURE;
	if (wrong.answer.TIMESTAMP !== vec.TIMESTAMP) throw new Error(`${spec.name}: timestamps differ`);
	return vec;
}

const out = {
	comment: 'Generated by scripts/srp-vectors.sh (scripts/srp-vectors.js) with amazon-cognito-identity-js; do not edit.',
	generator: `amazon-cognito-identity-js@${VERSION}`,
	k: k.toString(16),
	vectors: specs.map(makeVector),
};
process.stdout.write(JSON.stringify(out, null, '\t') + '\n');
