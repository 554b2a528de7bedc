package dev.rats.refvalues.io;

/**
 * Checks a strictly bound document and turns it into the validated model.
 *
 * @param <D> the bound document type, usually a record of plain types
 * @param <R> the validated model
 */
@FunctionalInterface
public interface Validator<D, R> {

    /**
     * @return the validated model, never null
     * @throws DocumentException from {@link DocumentException#at(String, String)} naming the
     *                           offending field; the reader adds its source location
     */
    R validate(D document) throws DocumentException;
}
