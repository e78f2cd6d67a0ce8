// identityjs-client.js drives amazon-cognito-identity-js, Cognito's own
// JavaScript client, against a cognitotest server: SRP sign-in,
// changePassword, refreshSession, completeNewPasswordChallenge,
// forgotPassword and confirmPassword, and the errors a real Cognito gives
// for a wrong password, a non-writable attribute and a flow the app client
// does not allow. integration/identityjs_test.go seeds the server and runs
// it:
//
//   node identityjs-client.js <dir holding node_modules/amazon-cognito-identity-js> < config.json
//
// config.json: {"endpoint", "poolId", "clientId", "codeURL", "passwords": {...}}.
// The package's requests go through Node's global fetch (its
// isomorphic-unfetch dependency uses global.fetch when it exists), which
// is wrapped here to record each request's X-Amz-Target and its AuthFlow
// or ChallengeName, never a secret.
//
// It prints one JSON line per step on stdout: {"step", "ok", "calls",
// "error": {"code", "message"}, ...facts}. Passwords, codes, tokens and SRP
// values are never printed. Each step is bounded by a timeout; the Go test
// bounds the whole run.
'use strict';

const path = require('path');

const VERSION = '6.3.21';
const STEP_TIMEOUT_MS = 15000;

const dir = process.argv[2];
if (!dir) {
	console.error('usage: node identityjs-client.js <dir holding node_modules/amazon-cognito-identity-js> < config.json');
	process.exit(2);
}
const pkgDir = path.join(path.resolve(dir), 'node_modules', 'amazon-cognito-identity-js');
const version = require(path.join(pkgDir, 'package.json')).version;
if (version !== VERSION) {
	console.error(`identityjs-client.js: found amazon-cognito-identity-js@${version}, want ${VERSION}`);
	process.exit(1);
}
if (typeof globalThis.fetch !== 'function') {
	console.error('identityjs-client.js: this Node.js has no global fetch (Node 18 or later is needed)');
	process.exit(1);
}

// calls records what the package sent in the current step.
let calls = [];
const realFetch = globalThis.fetch;
globalThis.fetch = (url, options) => {
	const target = ((options && options.headers && options.headers['X-Amz-Target']) || '').split('.').pop();
	let what = '';
	try {
		const body = JSON.parse(options.body);
		what = body.AuthFlow || body.ChallengeName || '';
	} catch (e) {
		// not JSON: recorded without detail
	}
	calls.push(what ? `${target} ${what}` : target);
	return realFetch(url, options);
};

const { CognitoUserPool, CognitoUser, AuthenticationDetails } = require(pkgDir);

function readStdin() {
	return new Promise((resolve, reject) => {
		let data = '';
		process.stdin.setEncoding('utf8');
		process.stdin.on('data', (chunk) => { data += chunk; });
		process.stdin.on('end', () => resolve(data));
		process.stdin.on('error', reject);
	});
}

// errorOf keeps the code and message of an error, nothing else.
function errorOf(err) {
	return { code: (err && (err.code || err.name)) || 'Error', message: (err && err.message) || String(err) };
}

function withTimeout(promise) {
	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`step timed out after ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// step runs fn, which resolves to facts (an object) or rejects, and prints
// the outcome.
async function step(name, fn) {
	calls = [];
	let line;
	try {
		const facts = await withTimeout(fn());
		line = Object.assign({ step: name, ok: true }, facts, { calls });
	} catch (err) {
		line = { step: name, ok: false, error: errorOf(err), calls };
	}
	process.stdout.write(JSON.stringify(line) + '\n');
	return line;
}

// signIn runs authenticateUser (USER_SRP_AUTH unless flow says otherwise)
// and resolves to {user, session} or, for NEW_PASSWORD_REQUIRED, to
// {user, newPasswordRequired: {userAttributes, requiredAttributes}}.
function signIn(pool, username, password, flow) {
	const user = new CognitoUser({ Username: username, Pool: pool });
	if (flow) {
		user.setAuthenticationFlowType(flow);
	}
	const details = new AuthenticationDetails({ Username: username, Password: password });
	return new Promise((resolve, reject) => {
		user.authenticateUser(details, {
			onSuccess: (session) => resolve({ user, session }),
			onFailure: reject,
			newPasswordRequired: (userAttributes, requiredAttributes) =>
				resolve({ user, newPasswordRequired: { userAttributes, requiredAttributes } }),
		});
	});
}

// sessionFacts describes a session without its tokens.
function sessionFacts(session) {
	const id = session.getIdToken().decodePayload();
	return {
		valid: session.isValid(),
		username: id['cognito:username'],
		hasAccessToken: session.getAccessToken().getJwtToken().length > 0,
		hasRefreshToken: session.getRefreshToken().getToken().length > 0,
	};
}

function completeNewPassword(user, password, attributes) {
	return new Promise((resolve, reject) => {
		user.completeNewPasswordChallenge(password, attributes, { onSuccess: resolve, onFailure: reject });
	});
}

async function main() {
	const cfg = JSON.parse(await readStdin());
	const pw = cfg.passwords;
	const pool = new CognitoUserPool({ UserPoolId: cfg.poolId, ClientId: cfg.clientId, endpoint: cfg.endpoint });

	// alice: CONFIRMED.
	let alice;
	await step('authenticateUser over SRP signs a confirmed user in', async () => {
		const r = await signIn(pool, 'alice', pw.alice);
		alice = r.user;
		return sessionFacts(r.session);
	});
	await step('authenticateUser over SRP with a wrong password is refused', () => signIn(pool, 'alice', pw.wrong));
	await step('changePassword with the signed-in session changes the password', () => new Promise((resolve, reject) => {
		if (!alice) {
			reject(new Error('alice did not sign in'));
			return;
		}
		alice.changePassword(pw.alice, pw.aliceNew, (err, result) => (err ? reject(err) : resolve({ result })));
	}));
	await step('authenticateUser over SRP with the changed password signs in', async () => {
		const r = await signIn(pool, 'alice', pw.aliceNew);
		alice = r.user;
		return sessionFacts(r.session);
	});
	await step('authenticateUser over SRP with the old password is refused', () => signIn(pool, 'alice', pw.alice));
	await step('refreshSession gets new tokens with the refresh token', () => new Promise((resolve, reject) => {
		if (!alice) {
			reject(new Error('alice did not sign in'));
			return;
		}
		alice.refreshSession(alice.getSignInUserSession().getRefreshToken(), (err, session) =>
			(err ? reject(err) : resolve(sessionFacts(session))));
	}));
	await step('USER_PASSWORD_AUTH on an app client that does not allow it is refused', () =>
		signIn(pool, 'alice', pw.aliceNew, 'USER_PASSWORD_AUTH'));

	// fay: FORCE_CHANGE_PASSWORD, lacking the required given_name.
	let fay;
	await step('authenticateUser over SRP with a temporary password asks for a new one', async () => {
		const r = await signIn(pool, 'fay', pw.fayTemporary);
		if (!r.newPasswordRequired) {
			throw new Error('no NEW_PASSWORD_REQUIRED challenge');
		}
		fay = r.user;
		return {
			userAttributeNames: Object.keys(r.newPasswordRequired.userAttributes).sort(),
			requiredAttributes: r.newPasswordRequired.requiredAttributes,
		};
	});
	await step('completeNewPasswordChallenge with email_verified passed back is refused', () =>
		completeNewPassword(fay, pw.fayNew, { given_name: 'Fay', email_verified: 'true' }));
	await step('completeNewPasswordChallenge without the required attribute is refused', () =>
		completeNewPassword(fay, pw.fayNew, { locale: 'en' }));
	await step('completeNewPasswordChallenge with the required attribute signs in', async () =>
		sessionFacts(await completeNewPassword(fay, pw.fayNew, { given_name: 'Fay' })));
	await step('authenticateUser over SRP with the new password signs in', async () =>
		sessionFacts((await signIn(pool, 'fay', pw.fayNew)).session));

	// bob: CONFIRMED with a verified email address.
	const bob = new CognitoUser({ Username: 'bob', Pool: pool });
	await step('forgotPassword sends a code', () => new Promise((resolve, reject) => {
		bob.forgotPassword({
			onSuccess: (data) => resolve({ delivery: data.CodeDeliveryDetails }),
			onFailure: reject,
			inputVerificationCode: (data) => resolve({ delivery: data.CodeDeliveryDetails }),
		});
	}));
	await step('confirmPassword with the code sets the new password', async () => {
		const code = await fetchCode(cfg.codeURL, 'bob');
		return new Promise((resolve, reject) => {
			bob.confirmPassword(code, pw.bobNew, { onSuccess: (result) => resolve({ result }), onFailure: reject });
		});
	});
	await step('authenticateUser over SRP with the reset password signs in', async () =>
		sessionFacts((await signIn(pool, 'bob', pw.bobNew)).session));
}

// fetchCode asks the Go test for the latest code sent to username. It is
// not recorded as a call of the package.
async function fetchCode(codeURL, username) {
	const res = await realFetch(`${codeURL}?username=${encodeURIComponent(username)}`);
	if (!res.ok) {
		throw new Error(`no code for ${username}: HTTP ${res.status}`);
	}
	return (await res.text()).trim();
}

main().then(() => process.exit(0), (err) => {
	console.error('identityjs-client.js:', errorOf(err).code, errorOf(err).message);
	process.exit(1);
});
