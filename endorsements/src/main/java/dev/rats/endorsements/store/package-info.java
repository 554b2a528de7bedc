/**
 * Files of the on-disk endorsement stores: bounded reads and atomic writes
 * ({@link dev.rats.endorsements.store.EndorsementFiles}), shared by the AMD KDS and Intel PCS stores.
 */
package dev.rats.endorsements.store;
