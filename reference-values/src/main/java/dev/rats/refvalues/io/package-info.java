/**
 * Strict reading of YAML and JSON configuration documents into records, with errors that name
 * the file, line, column and field path. Shared by the reference value and policy loaders.
 *
 * <p>Typical use: bind the file to a "document" record of plain types, then let a
 * {@link dev.rats.refvalues.io.Validator} turn it into the validated model, throwing
 * {@link dev.rats.refvalues.io.DocumentException#at(String, String)} for the offending field:
 * <pre>{@code
 * Document<Policy> policy = StrictDocumentReader.read(file, PolicyDocument.class, doc -> {
 *     Fields.requiredText(doc.name(), "name");
 *     return new Policy(doc.name(), ...);
 * });
 * }</pre>
 */
package dev.rats.refvalues.io;
