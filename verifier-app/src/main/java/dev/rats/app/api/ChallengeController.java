package dev.rats.app.api;

import dev.rats.app.challenge.Challenge;
import dev.rats.app.challenge.ChallengeService;
import java.util.Base64;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/challenges}: a fresh nonce for the attester to bind into its evidence (DESIGN §8). */
@RestController
public class ChallengeController {

    private final ChallengeService challenges;

    public ChallengeController(ChallengeService challenges) {
        this.challenges = challenges;
    }

    @PostMapping(path = "/v1/challenges", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ChallengeResponse issue() {
        Challenge c = challenges.issue();
        return new ChallengeResponse(Base64.getEncoder().encodeToString(c.nonce().toByteArray()), c.expiresAt().toString());
    }
}
