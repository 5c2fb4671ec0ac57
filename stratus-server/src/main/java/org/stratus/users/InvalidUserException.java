package org.stratus.users;

/** A user-management request that cannot be carried out, with a message for the operator. */
public final class InvalidUserException extends RuntimeException {
    public InvalidUserException(String message) {
        super(message);
    }
}
