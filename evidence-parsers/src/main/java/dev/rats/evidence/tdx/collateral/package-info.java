/**
 * Intel TDX collateral: parsing, verification and Intel QVL's TCB status computation (tdx.md §2,
 * §2.1, §3.2, §3.5, §5 steps 4, 5, 7–9).
 *
 * <pre>{@code
 * TdxCollateral collateral = TdxCollateralParser.fromQvlJson(json);          // or fromPcs(bodies, chains, CRLs)
 * TdxVerificationContext ctx = new TdxVerificationContext(at, anchors, collateral.crlSource(), true);
 * VerifiedTdxQuote quote = new TdxQuoteVerifier().verify(evidence, ctx);     // PCK chain, CRLs, signatures
 * VerifiedTdxCollateral verified = new TdxCollateralVerifier().verify(quote, collateral, TdxCollateralContext.of(ctx));
 * TdxTcbResult result = TdxTcbEvaluator.evaluate(verified);                  // status, advisories, dates
 * }</pre>
 *
 * <p>Failures are {@link dev.rats.evidence.EvidenceException}s with stable codes: parsing yields only
 * {@code TDX_COLLATERAL_MALFORMED}; verification {@code TDX_COLLATERAL_SIGNATURE},
 * {@code TDX_COLLATERAL_MISMATCH}, {@code TDX_COLLATERAL_EXPIRED}, {@code TDX_COLLATERAL_MISSING},
 * {@code INTEL_ROOT_NOT_PINNED}, {@code CRL_INVALID}, {@code CERTIFICATE_REVOKED}; evaluation
 * {@code TDX_QE_IDENTITY_MISMATCH}, {@code TDX_MODULE_MISMATCH}, {@code TDX_TCB_NOT_SUPPORTED}. Every
 * TCB status, Revoked included, is a result for the policy to judge.
 */
package dev.rats.evidence.tdx.collateral;
