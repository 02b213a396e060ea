//! `digest.*`: RFC 7616.

use crate::parse::digest::{DigestChallenge, DigestResponse};

use super::{fill, Context, Hit};

/// `digest.stale`, `digest.algorithm`, `digest.realm-mismatch`,
/// `digest.uri-mismatch`: the Digest response against the challenge that
/// answered it.
pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    // Apache answers a Digest `uri` that is not the request target with a 400
    // and no challenge, so that check runs on 400s too.
    for ex in cx
        .failures()
        .filter(|e| e.is_challenge_status() || e.status == Some(400))
    {
        let Some(auth) = ex.sent().filter(|a| a.is("digest")) else {
            continue;
        };
        let Some(creds) = auth.credentials.as_ref() else {
            continue;
        };
        let resp = DigestResponse::from_params(&creds.params);
        let i = ex.index;
        if let (Some(uri), Some(req)) = (resp.uri.as_ref(), ex.req) {
            let target = req
                .url
                .split_once("://")
                .map_or(req.url.as_str(), |(_, r)| {
                    r.find('/').and_then(|p| r.get(p..)).unwrap_or("/")
                });
            if !target.is_empty()
                && uri.value.as_ref() != target
                && !req.method.eq_ignore_ascii_case("CONNECT")
            {
                out.push(
                    Hit::new("digest.uri-mismatch", i, fill("Digest uri=\"{}\" differs from the request target {}", &[uri.value.as_ref(), target]))
                        .weight(70)
                        .evidence(cx.req_ev(i, auth.index, Some(uri.span), "uri in the response"))
                        .visitor("Recompute the Digest response for the URL actually requested (after redirects and encoding).")
                        .owner("A proxy rewriting the path breaks Digest; keep the path as the client sent it."),
                );
            }
        }
        let Some(ch) = ex.offered().iter().find(|c| c.is("digest")) else {
            continue;
        };
        let challenge = DigestChallenge::from_challenge(&ch.challenge);
        let sent_nonce = resp.nonce.as_ref().map(|d| d.value.as_ref()).unwrap_or("");
        let new_nonce = challenge
            .nonce
            .as_ref()
            .map(|d| d.value.as_ref())
            .unwrap_or("");
        if challenge.is_stale() {
            out.push(
                Hit::new("digest.stale", i, "stale=true: the nonce expired, the password itself was accepted".into())
                    .weight(92)
                    .detail(why!("RFC 7616 §3.3: stale=true means the digest was right but the nonce is no longer valid. The client must retry with the new nonce without asking for the password again."))
                    .evidence(cx.res_ev(i, ch.index, challenge.stale.as_ref().map(|d| d.span), "stale=true"))
                    .evidence(cx.req_ev(i, auth.index, resp.nonce.as_ref().map(|d| d.span), "old nonce sent"))
                    .visitor("Retry the request: the client should answer the new challenge automatically (some clients give up on stale=true; update or reconfigure them).")
                    .owner("Lengthen the nonce lifetime if clients keep hitting stale nonces (long uploads, idle tabs)."),
            );
        } else if !sent_nonce.is_empty() && !new_nonce.is_empty() && sent_nonce != new_nonce {
            // nc counts the requests made with this nonce: past 1, the same
            // password already worked with it, so the nonce expiring (and
            // the server not saying so) is what changed.
            let reused = resp
                .nc
                .as_ref()
                .and_then(|d| u32::from_str_radix(d.value.trim(), 16).ok())
                .is_some_and(|n| n > 1);
            if reused {
                out.push(
                    Hit::new("digest.stale", i, "The nonce had already served earlier requests (nc > 1), and the server answers with a new one without stale=true: the nonce expired, the password is not the problem".into())
                        .weight(80)
                        .detail(why!("RFC 7616 §3.3: a server that refuses a request only because its nonce is outdated must say stale=true, so the client retries with the new nonce. Without it, clients treat the 401 as a wrong password and give up. nc above 1 shows this nonce had been accepted with the same password before."))
                        .evidence(cx.req_ev(i, auth.index, resp.nc.as_ref().map(|d| d.span), "nonce count above 1"))
                        .evidence(cx.res_ev(i, ch.index, challenge.nonce.as_ref().map(|d| d.span), "new nonce, no stale flag"))
                        .visitor("Retry the request: it should pass with the new nonce (or log in again if your client asks).")
                        .owner("Make the server send stale=true when only the nonce expired (nginx's digest module may not), or lengthen the nonce lifetime.")
                        .next("the server's error log line for this request (password mismatch or nonce expired)"),
                );
            } else {
                out.push(
                Hit::new("digest.stale", i, "The server issued a new nonce without stale=true: an expired nonce or a wrong password, the response cannot tell".into())
                    .weight(30)
                    .evidence(cx.req_ev(i, auth.index, resp.nonce.as_ref().map(|d| d.span), "nonce sent"))
                    .evidence(cx.res_ev(i, ch.index, challenge.nonce.as_ref().map(|d| d.span), "new nonce, no stale flag"))
                    .owner("Send stale=true when only the nonce is outdated, so clients retry instead of failing.")
                    .next("the server's error log line for this request (password mismatch or nonce expired)"),
            );
            }
        }
        let sent_alg = resp.algorithm();
        let hash_len = resp.response.as_ref().map(|d| d.value.len());
        if let (Some(len), Some(want)) = (hash_len, sent_alg.hex_len()) {
            if len != want && (len == 32 || len == 64) {
                let really = if len == 32 { "MD5" } else { "SHA-256" };
                out.push(
                    Hit::new("digest.algorithm", i, fill("The Digest response claims algorithm {} but its hash has {} hex digits, the length of {}", &[sent_alg.name(), &len.to_string(), really]))
                        .weight(85)
                        .detail(why!("The client wrote the algorithm the server asked for but computed the hash with another one, so it can never match."))
                        .evidence(cx.req_ev(i, auth.index, resp.response.as_ref().map(|d| d.span), "hash length"))
                        .visitor(fill("Use a client that really implements Digest {} (curl ≥ 7.57), or ask for {} to be offered.", &[sent_alg.name(), really]))
                        .owner("Offer one challenge per algorithm if older clients must work."),
                );
            }
        }
        let offered_algs: Vec<_> = ex
            .offered()
            .iter()
            .filter(|c| c.is("digest"))
            .map(|c| DigestChallenge::from_challenge(&c.challenge).algorithm())
            .collect();
        if !offered_algs.contains(&sent_alg) {
            let sent_name = resp
                .algorithm
                .as_ref()
                .map_or("MD5 (default)", |d| d.value.as_ref());
            let offered_name = challenge
                .algorithm
                .as_ref()
                .map_or("MD5", |d| d.value.as_ref());
            out.push(
                Hit::new("digest.algorithm", i, fill("Digest answered with {} but the server asks for {}", &[sent_name, offered_name]))
                    .weight(85)
                    .detail(why!("The response hash must use the challenge's algorithm. Many clients only do MD5 and answer a SHA-256 challenge with MD5, which can never match."))
                    .evidence(cx.req_ev(i, auth.index, resp.algorithm.as_ref().map(|d| d.span), "algorithm used"))
                    .evidence(cx.res_ev(i, ch.index, challenge.algorithm.as_ref().map(|d| d.span), "algorithm required"))
                    .visitor(fill("Use a client that supports Digest {} (curl ≥ 7.57, a recent Postman), or ask for MD5 to be offered too.", &[offered_name]))
                    .owner("Offer one challenge per algorithm (SHA-256 and MD5) if older clients must work."),
            );
        }
        let sent_realm = resp.realm.as_ref().map(|d| d.value.as_ref());
        let realm = challenge.realm.as_ref().map(|d| d.value.as_ref());
        if let (Some(s), Some(r)) = (sent_realm, realm) {
            if s != r {
                out.push(
                    Hit::new("digest.realm-mismatch", i, fill("Digest realm sent \"{}\" differs from the challenge's \"{}\"", &[s, r]))
                        .weight(80)
                        .evidence(cx.req_ev(i, auth.index, resp.realm.as_ref().map(|d| d.span), "realm sent"))
                        .evidence(cx.res_ev(i, ch.index, challenge.realm.as_ref().map(|d| d.span), "realm offered"))
                        .visitor("Answer the challenge of this server (do not reuse a Digest header from another realm).")
                        .owner("The htdigest file's realm must equal AuthName."),
                );
            }
        }
    }
}
